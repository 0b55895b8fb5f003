package core

// Page returns page number (1 is the first) of items cut in pages of size: the items a paged list call
// answers. A page past the end is empty; a number below 1 or a size below 1 answers the empty page too
// (callers refuse such values with their product's error first).
func Page[T any](items []T, number, size int) []T {
	if number < 1 || size < 1 {
		return items[:0:0]
	}
	// (number-1)*size could overflow for absurd page numbers: compare by division first.
	if number-1 > len(items)/size {
		return items[:0:0]
	}
	lo := min((number-1)*size, len(items))
	hi := min(lo+size, len(items))
	return items[lo:hi:hi]
}
