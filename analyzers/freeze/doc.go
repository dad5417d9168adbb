// Package freeze defines an Analyzer that reports what a handler leaves behind when its
// invocation ends: the platform freezes the execution environment after the handler
// returns and reuses it for later invocations.
//
// # Analyzer freeze
//
// freeze: report goroutines a handler does not wait for and package-level state that grows with every invocation
//
// Each finding is in code reachable from a Lambda or Cloud Functions handler, at the cause
// when it is in the package that declares or registers the handler, otherwise at the call
// that leads there, with the call path in the message and as related information.
//
// Rules:
//
//   - SLS606 goroutine-outlives-invocation: a go statement, errgroup.Group.Go or
//     sync.WaitGroup.Go starts a goroutine that nothing waits for. A goroutine counts as
//     waited for when the function owning one of the WaitGroups, errgroup Groups or
//     channels it uses (the Go method's receiver, the go statement's arguments, those its
//     function literal mentions, the sync fields of a method value's receiver) calls Wait
//     on it, receives from it or ranges over it — or may: it passes the object to another
//     function (which may wait: a goroutine joined in a callee), returns or stores it, or
//     the object is a parameter (the caller may wait), or a package-level variable or
//     field that some code of the package waits on. A goroutine that signals through
//     nothing is never waited for. The order of the start and the wait is not checked.
//   - SLS607 global-state-growth: an append to a package-level slice (`log = append(log,
//     e)`), an insert into a package-level map (`m[k] = v`, `m[k] += v`, `m[k]++`) or a
//     sync.Map Store, LoadOrStore or Swap on a package-level sync.Map, of the package's own
//     variables (and fields of them). Bounded growth is not reported: a constant key or a
//     key type with few values (bool, byte-sized integers, a named type with declared
//     constants, reflect.Type); a container the package deletes from or resets outside
//     start-up (delete, clear, a sync.Map Delete, an assignment other than the append);
//     an insert in a function that compares the container's len(); inserts in sync.Once
//     bodies and lazy initialization; a get-or-create memo (`if v, ok := m[k]; ok {
//     return v }; m[k] = ...`, sync.Map.LoadOrStore, or Load before Store of the same
//     key) whose key does not come from the handler's event (a client per configured
//     region, a template per constant name: as many entries as values of the
//     configuration); and LRU and other cache libraries, which are not package-level maps.
package freeze
