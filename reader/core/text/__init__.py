"""Text by offset: cell widths, wrapping into rows, words and sentences, ranges, finding and
locating words, the jump list."""
