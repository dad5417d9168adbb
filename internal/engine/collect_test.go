package engine

import "testing"

func TestUTF16Column(t *testing.T) {
	src := []byte("a: x\n# é😀 = 1\r\nb: \xff z\n")
	for _, tc := range []struct{ line, col, want int }{
		{1, 1, 1},
		{1, 4, 4},
		{2, 3, 3},   // after "# "
		{2, 5, 4},   // after "# é" (2 bytes, 1 unit)
		{2, 9, 6},   // after "# é😀" (4 bytes, 2 units)
		{2, 13, 10}, // end of line: "# é😀 = 1" is 12 bytes, 9 units
		{2, 20, 17}, // past the end: one unit per byte
		{3, 6, 6},   // invalid UTF-8 counts one unit
		{9, 4, 4},   // no such line
	} {
		s := &runState{sources: &sourceCache{files: map[string][]byte{"f": src}, lineStarts: map[string][]int{}}}
		if got := s.utf16Column("f", tc.line, tc.col); got != tc.want {
			t.Errorf("line %d byte column %d: got %d, want %d", tc.line, tc.col, got, tc.want)
		}
	}
}
