package extract

import (
	"cmp"
	"slices"
	"strings"
)

// cueSpan is the first word of a cue category in a sentence; the zero
// span stands for none, since a word always ends after it starts.
type cueSpan struct{ start, end int }

func (c cueSpan) found() bool { return c.end > 0 }

// cueSet holds a sentence's first word of each cue category.
type cueSet [numCueKinds]cueSpan

// sentenceCues records which cue categories each sentence holds.
type sentenceCues struct {
	has   []cueSet
	title []bool
	lead  []bool
}

// leadSentences is how many sentences open an article: what a deal is
// about is said there.
const leadSentences = 2

func (d *document) cues() sentenceCues {
	n := len(d.content)
	sc := sentenceCues{has: make([]cueSet, n), title: make([]bool, n), lead: make([]bool, n)}
	for i, sp := range d.content {
		sc.title[i] = sp.Start < d.a.TitleSpan.End && d.a.TitleSpan.Start < sp.End
	}
	for i, leads := 0, 0; i < n && leads < leadSentences; i++ {
		if !sc.title[i] {
			sc.lead[i] = true
			leads++
		}
	}
	for i, t := range d.toks {
		has := &sc.has[t.sentence]
		if t.cjk {
			for _, p := range d.r.cues.cjk {
				if has[p.tag].found() {
					continue
				}
				if off := strings.Index(t.text, p.words[0]); off >= 0 {
					has[p.tag] = cueSpan{t.start + off, t.start + off + len(p.words[0])}
				}
			}
			continue
		}
		d.r.cues.each(d.toks, i, func(p phrase) bool {
			if !has[p.tag].found() {
				has[p.tag] = cueSpan{t.start, d.toks[i+len(p.words)-1].end}
			}
			return true
		})
	}
	return sc
}

// party gathers what is known of one named party across the article.
type party struct {
	id        int
	mentions  []mention
	sentences sentenceSet
	products  []int // distinct product entities named for it
	inTitle   bool
	inLead    bool
	score     float64
}

// sentenceSet is a set of an article's sentences, one bit each: a party
// of every article gets one, where a map would cost a table.
type sentenceSet []uint64

func newSentenceSet(n int) sentenceSet { return make(sentenceSet, (n+63)/64) }

func (s sentenceSet) add(i int)      { s[i/64] |= 1 << (i % 64) }
func (s sentenceSet) has(i int) bool { return s[i/64]&(1<<(i%64)) != 0 }

func (p *party) add(m mention, sc sentenceCues) {
	p.mentions = append(p.mentions, m)
	p.sentences.add(m.sentence)
	p.inTitle = p.inTitle || sc.title[m.sentence]
	p.inLead = p.inLead || sc.lead[m.sentence]
}

// dealCueKinds are the cue categories that make a sentence about the deal.
var dealCueKinds = []cueKind{cueCustomer, cueGovernment, cuePartnership, cueInvestment, cueDeal}

func (sc sentenceCues) aboutDeal(s int) bool {
	for _, k := range dealCueKinds {
		if sc.has[s][k].found() {
			return true
		}
	}
	return false
}

// assignRoles decides who is vendor, partner and competitor, lists products,
// people and places, and the kind of deal.
func (d *document) assignRoles(res *Result) {
	sc := d.cues()
	parties := map[int]*party{}
	get := func(id int) *party {
		p, ok := parties[id]
		if !ok {
			p = &party{id: id, sentences: newSentenceSet(len(d.content))}
			parties[id] = p
		}
		return p
	}
	addFact := func(kind, value string, m mention) {
		res.Facts = append(res.Facts, Fact{Kind: kind, Value: value, Start: m.start, End: m.end})
	}
	var products, people, places []string
	seen := map[[2]string]bool{}
	list := func(dst *[]string, kind, name string) {
		if !seen[[2]string{kind, name}] {
			seen[[2]string{kind, name}] = true
			*dst = append(*dst, name)
		}
	}
	for _, m := range d.mentions {
		e := d.entity(m.entity)
		switch e.Kind {
		case KindProduct:
			list(&products, FactProduct, e.Name)
			addFact(FactProduct, e.Name, m)
			if id, ok := d.x.gaz.lookup(e.Maker); ok && e.Maker != "" {
				p := get(id)
				p.add(m, sc)
				if !slices.Contains(p.products, m.entity) {
					p.products = append(p.products, m.entity)
				}
			}
		case KindPerson:
			list(&people, FactPerson, e.Name)
			addFact(FactPerson, e.Name, m)
		case KindPlace:
			list(&places, FactPlace, e.Name)
			addFact(FactPlace, e.Name, m)
		case KindVendor, KindCompany, KindGov, KindGroup:
			get(m.entity).add(m, sc)
		}
	}
	res.Products, res.People, res.Places = nonNil(products), nonNil(people), nonNil(places)

	ordered := sortedParties(parties)
	primary := d.primaryVendor(ordered)
	var secondaryPartners []*party
	if primary != nil {
		res.Vendors = []string{d.entity(primary.id).Name}
		for _, m := range primary.mentions {
			addFact(FactVendor, res.Vendors[0], m)
		}
		for _, p := range ordered {
			if p == primary || d.entity(p.id).Kind != KindVendor {
				continue
			}
			if d.allyOf(p, primary, sc) {
				secondaryPartners = append(secondaryPartners, p)
				continue
			}
			name := d.entity(p.id).Name
			res.Competitors = append(res.Competitors, name)
			for _, m := range p.mentions {
				addFact(FactCompetitor, name, m)
			}
		}
	}

	partners := d.partners(ordered, primary, secondaryPartners, sc)
	public := false
	for _, p := range partners {
		name := d.entity(p.id).Name
		public = public || d.entity(p.id).isPublic()
		res.Partners = append(res.Partners, name)
		for _, m := range p.mentions {
			addFact(FactPartner, name, m)
		}
	}
	deal, at := d.dealType(sc, public, len(partners) > 0)
	res.DealType = deal
	if at.end > at.start {
		res.Facts = append(res.Facts, Fact{Kind: FactDeal, Value: deal, Start: at.start, End: at.end})
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// sortedParties lists the parties by id, so that ties between them are
// decided the same way on every run.
func sortedParties(parties map[int]*party) []*party {
	out := make([]*party, 0, len(parties))
	for _, p := range parties {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *party) int { return cmp.Compare(a.id, b.id) })
	return out
}

// primaryVendor picks the cloud provider the article is about: the one
// named most, in the title and lead, with its products, and with a prior
// for the providers most deals are about.
func (d *document) primaryVendor(parties []*party) *party {
	var best *party
	for _, p := range parties {
		e := d.entity(p.id)
		if e.Kind != KindVendor {
			continue
		}
		p.score = float64(len(p.mentions)) + float64(min(3, len(p.products)))
		if p.inTitle {
			p.score += 2
		}
		if p.inLead {
			p.score++
		}
		if e.Tier > 0 {
			p.score += float64(3 - e.Tier)
		}
		if best == nil || p.score > best.score {
			best = p
		}
	}
	return best
}

// allyOf reports whether the second provider p works with the primary one
// rather than against it: it shares more sentences with partnership cues
// with the primary than it has sentences with rivalry cues. A provider
// named with neither is a rival.
func (d *document) allyOf(p, primary *party, sc sentenceCues) bool {
	partner, rival := 0, 0
	for s := range sc.has {
		if !p.sentences.has(s) {
			continue
		}
		if sc.has[s][cueRival].found() {
			rival++
		}
		if sc.has[s][cuePartnership].found() && primary.sentences.has(s) {
			partner++
		}
	}
	return partner > rival
}

// partners ranks the other parties by how much the article is about them
// and keeps those close to the first: a party named once in passing is not
// a partner, nor is a news agency.
func (d *document) partners(parties []*party, primary *party, allies []*party, sc sentenceCues) []*party {
	var cands []*party
	bestScore := 0.0
	for _, p := range parties {
		e := d.entity(p.id)
		if p == primary || e.Kind == KindVendor || !e.isOrg() {
			continue
		}
		cue := 0
		for _, m := range p.mentions {
			if sc.aboutDeal(m.sentence) || (primary != nil && primary.sentences.has(m.sentence)) {
				cue++
			}
		}
		p.score = float64(len(p.mentions) + 2*cue)
		if p.inTitle {
			p.score += 2
		}
		if p.inLead {
			p.score++
		}
		eligible := len(p.mentions) >= 2 || p.inTitle || (p.inLead && cue > 0)
		if !eligible {
			continue
		}
		if e.isPublic() && cue == 0 {
			continue
		}
		cands = append(cands, p)
		bestScore = max(bestScore, p.score)
	}
	out := append([]*party(nil), allies...)
	for _, p := range cands {
		if p.score >= bestScore/2 || d.entity(p.id).isPublic() {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b *party) int { return cmp.Compare(b.score, a.score) })
	return out
}

// dealType weighs the cue words of the title and lead twice. A public
// body among the partners makes it a government deal.
func (d *document) dealType(sc sentenceCues, publicPartner, anyPartner bool) (string, cueSpan) {
	var weights [numCueKinds]float64
	var first cueSet
	for s, has := range sc.has {
		w := 1.0
		if sc.title[s] || sc.lead[s] {
			w = 2
		}
		for kind, at := range has {
			if !at.found() {
				continue
			}
			weights[kind] += w
			if f := first[kind]; !f.found() || at.start < f.start {
				first[kind] = at
			}
		}
	}
	if publicPartner || (weights[cueGovernment] >= 2 && weights[cueGovernment] > weights[cueCustomer] && weights[cueGovernment] > weights[cuePartnership]) {
		return DealGovernment, first[cueGovernment]
	}
	// Building data centres is "investment" in every language, yet such
	// deals are mostly partnerships or customers: investment cues count less.
	weights[cueInvestment] *= 0.75
	best, bestW := cueNone, 0.0
	for _, kind := range []cueKind{cueCustomer, cuePartnership, cueInvestment} {
		if weights[kind] > bestW {
			best, bestW = kind, weights[kind]
		}
	}
	switch {
	case best != cueNone:
		return cueNames[best], first[best]
	case anyPartner:
		return DealCustomer, first[cueDeal]
	}
	return DealOther, first[cueDeal]
}
