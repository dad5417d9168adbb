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
//
// Each file is indexed once (its line starts, and its line hashes up to the last line a
// finding is on), so the cost is linear in the files' size plus the findings' count, also
// for thousands of findings on the one line of a minified template.
func Fingerprints(fs []*Finding, source func(path string) ([]byte, bool)) {
	hashCache := map[string]map[int]string{}
	lineIndex := map[string][]int{}
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
		var text []byte
		if ok {
			starts, indexed := lineIndex[f.Location.Path]
			if !indexed {
				starts = lineStarts(src)
				lineIndex[f.Location.Path] = starts
			}
			text = fingerprintText(lineAt(src, starts, f.Location.Line), f.Location)
			hashes, done := hashCache[f.Location.Path]
			if !done {
				hashes = lineHashes(src, wanted[f.Location.Path])
				hashCache[f.Location.Path] = hashes
			}
			f.LineHash = hashes[max(f.Location.Line, 1)]
		}
		// The normalized line keeps the fingerprint stable when lines move or indentation
		// changes; without source the message stands in for it.
		norm := strings.Join(strings.Fields(string(text)), " ")
		if !ok {
			norm = f.Message
		}
		key := f.Rule.ID + "\x00" + f.Location.Path + "\x00" + norm
		seen[key]++
		sum := sha256.Sum256([]byte(key + "\x00" + strconv.Itoa(seen[key])))
		f.Fingerprint = hex.EncodeToString(sum[:8])
	}
}

// maxFingerprintLine is the longest line fingerprinted whole. A longer line (a minified
// template, a generated file) stands for no one finding: on it, a finding's fingerprint
// is taken from at most fingerprintWindow bytes of its own range, which both bounds the
// work per finding and tells apart the many findings such a line holds.
const (
	maxFingerprintLine = 1024
	fingerprintWindow  = 256
)

// fingerprintText is the text of line a finding's fingerprint is taken from.
func fingerprintText(line []byte, l Location) []byte {
	if len(line) <= maxFingerprintLine {
		return line
	}
	start := min(max(l.Column, 1)-1, len(line))
	end := min(start+fingerprintWindow, len(line))
	if l.EndLine == l.Line && l.EndColumn > l.Column {
		end = min(end, l.EndColumn-1)
	}
	return line[start:end]
}

// lineStarts returns the offset at which each line of src starts.
func lineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := bytes.IndexByte(src, '\n'); i >= 0; {
		starts = append(starts, i+1)
		j := bytes.IndexByte(src[i+1:], '\n')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return starts
}

// lineAt returns line n (1-based; lines before the first count as the first) without its
// line ending, or nil past the end.
func lineAt(src []byte, starts []int, n int) []byte {
	n = max(n, 1)
	if n > len(starts) {
		return nil
	}
	end := len(src)
	if n < len(starts) {
		end = starts[n] - 1
	}
	return bytes.TrimRight(src[starts[n-1]:end], "\r")
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
