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

// TestUTF16ColumnOnLongLines: on a line longer than the checkpoint stride, with runes of
// every UTF-16 length and invalid bytes straddling the checkpoints, every column converts
// as decoding the whole prefix does.
func TestUTF16ColumnOnLongLines(t *testing.T) {
	var line []byte
	for i := 0; len(line) < 5*utf16Stride+7; i++ {
		switch i % 5 {
		case 0:
			line = append(line, "abc"...)
		case 1:
			line = append(line, "é"...)
		case 2:
			line = append(line, "😀"...)
		case 3:
			line = append(line, 0xff)
		case 4:
			line = append(line, "’"...)
		}
	}
	src := append([]byte("first\n"), line...)
	src = append(src, "\nlast\n"...)
	s := &runState{sources: &sourceCache{files: map[string][]byte{"f": src}, lineStarts: map[string][]int{}}}
	for col := 1; col <= len(line)+3; col++ {
		prefix := line[:min(col-1, len(line))]
		want := utf16Len(prefix) + col - len(prefix)
		if got := s.utf16Column("f", 2, col); got != want {
			t.Fatalf("byte column %d: got %d, want %d", col, got, want)
		}
	}
}
