// Package chi is a stub of github.com/go-chi/chi/v5 for tests.
package chi

import "net/http"

type Router interface {
	http.Handler
	Use(middlewares ...func(http.Handler) http.Handler)
	Get(pattern string, h http.HandlerFunc)
	Post(pattern string, h http.HandlerFunc)
	Handle(pattern string, h http.Handler)
	HandleFunc(pattern string, h http.HandlerFunc)
}

type Mux struct{}

func NewRouter() *Mux { return &Mux{} }
func NewMux() *Mux    { return &Mux{} }

func (mx *Mux) ServeHTTP(w http.ResponseWriter, r *http.Request)      {}
func (mx *Mux) Use(middlewares ...func(http.Handler) http.Handler)    {}
func (mx *Mux) Get(pattern string, handlerFn http.HandlerFunc)        {}
func (mx *Mux) Post(pattern string, handlerFn http.HandlerFunc)       {}
func (mx *Mux) Handle(pattern string, handler http.Handler)           {}
func (mx *Mux) HandleFunc(pattern string, handlerFn http.HandlerFunc) {}
