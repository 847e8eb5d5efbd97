package extract

// wordFilter answers "certainly not in the set" for words with a bit
// test instead of a map lookup: most words of an article start no name,
// cue or role, and a string map lookup costs more than the test. A set
// bit says only "perhaps"; the map decides.
type wordFilter struct {
	bits []uint64
	mask uint32
}

// newWordFilter makes a filter of 2^logBits bits.
func newWordFilter(logBits uint) wordFilter {
	return wordFilter{bits: make([]uint64, 1<<logBits/64), mask: 1<<logBits - 1}
}

func (f wordFilter) add(w string) { f.addHash(wordHash(w)) }

// addHash adds the word whose wordHash is h.
func (f wordFilter) addHash(h uint32) {
	h &= f.mask
	f.bits[h/64] |= 1 << (h % 64)
}

func (f wordFilter) mayHave(w string) bool { return f.mayHaveHash(wordHash(w)) }

// mayHaveHash is mayHave for a word whose wordHash is h: a token's hash is
// worked out once for every filter it meets.
func (f wordFilter) mayHaveHash(h uint32) bool {
	if len(f.bits) == 0 { // a filter never filled rules nothing out
		return true
	}
	h &= f.mask
	return f.bits[h/64]&(1<<(h%64)) != 0
}

// wordHash mixes a word's length with its first, middle and last bytes:
// enough to tell most words apart, at the cost of a few multiplications.
func wordHash(w string) uint32 {
	n := len(w)
	h := uint32(n) * 0x9e3779b1
	if n > 0 {
		h ^= uint32(w[0]) | uint32(w[n/2])<<8 | uint32(w[n-1])<<16
		if n > 2 {
			h ^= uint32(w[1]) << 24
		}
		h *= 0x85ebca6b
		h ^= h >> 13
		h *= 0xc2b2ae35
		h ^= h >> 16
	}
	return h
}
