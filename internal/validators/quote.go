package validators

import "strconv"

// QuoteCut quotes a value for an error message, cut to at most limit bytes on a character boundary (with an
// ellipsis when cut), so that a long or multi-byte value never yields a broken or unbounded message.
func QuoteCut(s string, limit int) string { return strconv.Quote(truncateTo(s, limit)) }
