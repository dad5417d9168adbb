package finding

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Fingerprints computes, for each finding, the baseline Fingerprint and GitHub's LineHash.
// source returns the contents of a file by its repository-relative path; findings whose file
// cannot be read get fingerprints from the rule, path and message only. Findings must be
// sorted, so that occurrence numbers are stable.
func Fingerprints(fs []*Finding, source func(path string) ([]byte, bool)) {
	hashCache := map[string]map[int]string{}
	seen := map[string]int{}
	// Hashes depend only on the text up to a line and the 100 characters after it, so each
	// file is hashed only as far as its last finding, and only its findings' lines are
	// rendered.
	wanted := map[string]map[int]bool{}
	for _, f := range fs {
		if wanted[f.Location.Path] == nil {
			wanted[f.Location.Path] = map[int]bool{}
		}
		wanted[f.Location.Path][max(f.Location.Line, 1)] = true
	}
	for _, f := range fs {
		src, ok := source(f.Location.Path)
		line := ""
		if ok {
			line = lineText(src, f.Location.Line)
			hashes, done := hashCache[f.Location.Path]
			if !done {
				hashes = lineHashes(src, wanted[f.Location.Path])
				hashCache[f.Location.Path] = hashes
			}
			f.LineHash = hashes[max(f.Location.Line, 1)]
		}
		// The normalized line keeps the fingerprint stable when lines move or indentation
		// changes; without source the message stands in for it.
		norm := strings.Join(strings.Fields(line), " ")
		if !ok {
			norm = f.Message
		}
		key := f.Rule.ID + "\x00" + f.Location.Path + "\x00" + norm
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		f.Fingerprint = hex.EncodeToString(sum[:8])
	}
}

func lineText(src []byte, line int) string {
	for i := 1; i < line; i++ {
		nl := bytes.IndexByte(src, '\n')
		if nl < 0 {
			return ""
		}
		src = src[nl+1:]
	}
	if nl := bytes.IndexByte(src, '\n'); nl >= 0 {
		src = src[:nl]
	}
	return string(bytes.TrimRight(src, "\r"))
}

// LineHashes computes GitHub code scanning's primaryLocationLineHash for every line of src,
// keyed by 1-based line number, as the codeql-action upload step computes it when a SARIF
// result has none: a rolling hash (base 37, 64-bit wrap-around) over the next 100 UTF-16 code
// units starting at the line, ignoring spaces and tabs, with line endings normalized to '\n',
// rendered as lowercase hex and suffixed with ":n", n counting earlier lines with the same
// hash. Writing the same value the action would compute keeps alerts stable whether a log is
// uploaded by the action or through the API.
func LineHashes(src []byte) map[int]string { return lineHashes(src, nil) }

// lineHashes is LineHashes for the wanted lines only (all lines when wanted is nil): it
// stops after the last of them.
func lineHashes(src []byte, wanted map[int]bool) map[int]string {
	last := 0
	for l := range wanted {
		last = max(last, l)
	}
	const (
		blockSize = 100
		mod       = 37
		eof       = 65535
		tab       = '\t'
		space     = ' '
		lf        = '\n'
		cr        = '\r'
	)
	var firstMod uint64 = 1
	for range blockSize {
		firstMod *= mod
	}
	var (
		window      [blockSize]uint64
		lineNumbers [blockSize]int
		hash        uint64
		index       int
		lineNumber  int
		lineStart   = true
		prevCR      bool
		counts      = map[uint64]int{}
		out         = map[int]string{}
	)
	for i := range lineNumbers {
		lineNumbers[i] = -1
	}
	done := false
	emit := func() {
		counts[hash]++
		if l := lineNumbers[index]; wanted == nil || wanted[l] {
			out[l] = strconv.FormatUint(hash, 16) + ":" + strconv.Itoa(counts[hash])
			done = l == last
		}
		lineNumbers[index] = -1
	}
	update := func(c uint64) {
		begin := window[index]
		window[index] = c
		hash = mod*hash + c - firstMod*begin
		index = (index + 1) % blockSize
	}
	process := func(c uint64) {
		if c == space || c == tab || (prevCR && c == lf) {
			prevCR = false
			return
		}
		if c == cr {
			c = lf
			prevCR = true
		} else {
			prevCR = false
		}
		if lineNumbers[index] != -1 {
			emit()
		}
		if lineStart {
			lineStart = false
			lineNumber++
			lineNumbers[index] = lineNumber
		}
		if c == lf {
			lineStart = true
		}
		update(c)
	}
	// The action reads the file as UTF-8 into a JavaScript string and hashes its UTF-16 code
	// units; invalid bytes decode to U+FFFD as in Node.js.
	for len(src) > 0 {
		if done {
			return out // the last line wanted is hashed
		}
		r, size := utf8.DecodeRune(src)
		src = src[size:]
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			process(uint64(hi))
			process(uint64(lo))
			continue
		}
		process(uint64(r))
	}
	process(eof)
	for range blockSize {
		if lineNumbers[index] != -1 {
			emit()
		}
		update(0)
	}
	return out
}
