package model

import (
	"cmp"
	"slices"
)

// Records are what states leave on the instruments of internet governance:
// a vote on a UN General Assembly resolution, a signature or ratification
// of a treaty, an endorsement of a declaration, membership of a coalition
// or bloc. They are facts with dates and sources, and the raw material from
// which positions are derived by rules anyone can read (see Derive and the
// codebook's "Derivation rules").

// Kinds of instrument, by the kind of record a state leaves on it.
var InstrumentKinds = []string{"vote", "signature", "ratification", "endorsement", "membership"}

// RecordValues lists, for each kind of instrument, the values its records
// take. "absent" is a recorded vote the state did not cast (it was absent
// or did not vote); a state with no record on an instrument whose list is
// not complete is unknown, never "no".
var RecordValues = map[string][]string{
	"vote":         {"yes", "no", "abstain", "absent"},
	"signature":    {"signed", "not-signed"},
	"ratification": {"party", "signatory"},
	"endorsement":  {"endorsed"},
	"membership":   {"member", "former-member"},
}

// Instrument is a resolution, treaty, declaration, call, coalition or bloc
// on which states leave records.
type Instrument struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"` // one of InstrumentKinds
	Title    string   `json:"title"`
	Short    string   `json:"short,omitempty"` // such as "A/RES/74/247"
	Date     string   `json:"date"`            // adopted, opened for signature, founded
	Forum    string   `json:"forum,omitempty"` // the entity it was adopted in, such as "unga"
	Summary  string   `json:"summary,omitempty"`
	Complete bool     `json:"complete"` // every state's record is in the landscape
	Coverage string   `json:"coverage"` // how complete, for people: "54 of 72 signatories; the rest not yet found"
	Sources  []string `json:"sources"`
}

// Record is one state's vote, signature, ratification, endorsement or
// membership on one instrument.
type Record struct {
	Entity     string   `json:"entity"`
	Instrument string   `json:"instrument"`
	Value      string   `json:"value"`          // one of RecordValues[the instrument's kind]
	Date       string   `json:"date,omitempty"` // when it differs from the instrument's date
	Note       string   `json:"note,omitempty"`
	Sources    []string `json:"sources"`
}

// Rule says what records on one instrument are evidence for: the score on
// an axis that each value implies. Values a rule does not list say nothing
// about the axis. A record is indirect evidence, so a rule's scores lie
// within ±MaxDerivedScore: only a state's own statement earns a pole.
type Rule struct {
	ID         string         `json:"id"`
	Instrument string         `json:"instrument"`
	Axis       string         `json:"axis"`
	Scores     map[string]int `json:"scores"` // record value → score
	// Group joins rules whose records are read together: two rival
	// resolutions of one General Assembly session, say, where a "yes" to
	// both says something else than a "yes" to one. Records of one group
	// on one axis make one position, dated at the latest of them.
	Group string `json:"group,omitempty"`
	Why   string `json:"why"` // the reasoning, in the codebook's words
}

// MaxDerivedScore bounds the scores rules give: indirect evidence never
// reaches a pole.
const MaxDerivedScore = 1

// Derivation names where a derived position comes from.
type Derivation struct {
	Rule    string      `json:"rule"`
	Records []RecordRef `json:"records"`
}

// RecordRef names a record by its entity and instrument, which together
// identify it.
type RecordRef struct {
	Entity     string `json:"entity"`
	Instrument string `json:"instrument"`
}

// Derived is a position derived from records: the entity's score on an
// axis at a date, and the records and rule it rests on.
type Derived struct {
	Entity string
	Axis   string
	Score  int
	Date   Date
	From   Derivation
	// Sources are the sources of the records it rests on.
	Sources []string
}

// Derive applies rules to records and returns the positions they imply,
// sorted by entity, axis and date. Records on one axis read together — of
// rules in one group, or else of one date — make one position, dated at the
// latest of them: the mean of their scores, rounded towards zero, so that
// records pulling opposite ways cancel rather than the later one winning. stated reports
// whether the entity holds a hand-coded position on the axis at exactly
// that date; such a position, from the entity's own words, wins, and no
// derived one is made beside it. (A hand-coded position of another date
// needs no rule: the latest position at or before a date is the one that
// counts, derived or not.)
func Derive(instruments []Instrument, records []Record, rules []Rule, stated func(entity, axis string, d Date) bool) []Derived {
	inst := make(map[string]*Instrument, len(instruments))
	for i := range instruments {
		inst[instruments[i].ID] = &instruments[i]
	}
	byInstrument := map[string][]*Rule{}
	for i := range rules {
		byInstrument[rules[i].Instrument] = append(byInstrument[rules[i].Instrument], &rules[i])
	}
	type cell struct {
		entity, axis string
		group        string // the rules' group, or the date when they have none
	}
	type evidence struct {
		score   int
		date    Date
		rule    string
		record  RecordRef
		sources []string
	}
	cells := map[cell][]evidence{}
	for _, r := range records {
		in := inst[r.Instrument]
		if in == nil {
			continue
		}
		when := r.Date
		if when == "" {
			when = in.Date
		}
		d, err := ParseDate(when)
		if err != nil {
			continue
		}
		for _, rule := range byInstrument[r.Instrument] {
			score, ok := rule.Scores[r.Value]
			if !ok {
				continue
			}
			c := cell{r.Entity, rule.Axis, rule.Group}
			if c.group == "" {
				c.group = "@" + when
			}
			cells[c] = append(cells[c], evidence{score, d, rule.ID, RecordRef{r.Entity, r.Instrument}, r.Sources})
		}
	}
	out := make([]Derived, 0, len(cells))
	for c, ev := range cells {
		latest := ev[0].date
		for _, e := range ev {
			if latest.Before(e.date) {
				latest = e.date
			}
		}
		if stated != nil && stated(c.entity, c.axis, latest) {
			continue
		}
		slices.SortFunc(ev, func(a, b evidence) int { return cmp.Compare(a.record.Instrument, b.record.Instrument) })
		sum := 0
		d := Derived{Entity: c.entity, Axis: c.axis, Date: latest}
		var ruleIDs []string
		for _, e := range ev {
			sum += e.score
			d.From.Records = append(d.From.Records, e.record)
			ruleIDs = append(ruleIDs, e.rule)
			for _, s := range e.sources {
				if !slices.Contains(d.Sources, s) {
					d.Sources = append(d.Sources, s)
				}
			}
		}
		d.Score = sum / len(ev) // Go's division rounds towards zero
		d.Score = max(-MaxDerivedScore, min(MaxDerivedScore, d.Score))
		slices.Sort(ruleIDs)
		d.From.Rule = ruleIDs[0]
		if ruleIDs = slices.Compact(ruleIDs); len(ruleIDs) > 1 {
			d.From.Rule = joinIDs(ruleIDs)
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Derived) int {
		return cmp.Or(cmp.Compare(a.Entity, b.Entity), cmp.Compare(a.Axis, b.Axis), a.Date.Compare(b.Date))
	})
	return out
}

func joinIDs(ids []string) string {
	s := ids[0]
	for _, id := range ids[1:] {
		s += "+" + id
	}
	return s
}
