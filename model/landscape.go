// Package model is Govscape's domain: the internet-governance landscape (forums,
// actors, their relations, dated stances, events and sources), its loading and
// validation, and the queries every view and the command line share. It knows
// nothing of Fyne or Badger.
package model

// Schema is the identifier every landscape document carries.
const Schema = "govscape/landscape@1"

// Kinds of entity, in the order the UI lists them.
var Kinds = []string{"forum", "state", "bloc", "igo", "company", "industry", "ngo", "technical", "academic", "person"}

// Models of forum governance.
var Models = []string{"multistakeholder", "multilateral", "state-led", "industry", "technical", "mixed"}

// Roles a relation can have, from its From entity towards its To entity.
var Roles = []string{"host", "founder", "secretariat", "member", "participant", "observer", "chair",
	"signatory", "non-signatory", "boycott", "critic", "supporter", "leads", "affiliated", "funds"}

// Verifications a source can carry: how far its claim was checked.
var Verifications = []string{"verified", "partial", "unverified"}

// MinScore and MaxScore bound a stance score: the negative pole to the positive.
const (
	MinScore = -2
	MaxScore = 2
)

// Landscape is one loaded, validated dataset with its look-up indexes.
// Build one with Load or Parse; the exported slices are not to be changed after.
type Landscape struct {
	Schema    string     `json:"schema"`
	Title     string     `json:"title"`
	AsOf      string     `json:"as_of"`
	Axes      []Axis     `json:"axes"`
	Entities  []Entity   `json:"entities"`
	Relations []Relation `json:"relations"`
	Positions []Position `json:"positions"`
	Events    []Event    `json:"events"`
	Sources   []Source   `json:"sources"`

	entityIndex map[string]int
	axisIndex   map[string]int
	sourceIndex map[string]int
	relsOf      map[string][]int // entity id → indexes into Relations, either side
	posOf       map[string][]int // entity id → indexes into Positions, by date
	eventsOf    map[string][]int // entity id → indexes into Events, by date
	search      []searchKey      // parallel to Entities
	nameOrder   []int            // parallel to Entities: place in name order
}

// Axis is one stance dimension, scored from its negative pole (−2) to its positive (+2).
type Axis struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Neg  Pole   `json:"neg"`
	Pos  Pole   `json:"pos"`
}

// Pole is one end of an axis.
type Pole struct {
	Label       string `json:"label"`
	Description string `json:"description"`
}

// Entity is a forum or an actor: a state, bloc, organisation, company, group or person.
type Entity struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Name    string   `json:"name"`
	Short   string   `json:"short,omitempty"`
	Founded string   `json:"founded,omitempty"`
	Region  string   `json:"region,omitempty"`
	Model   string   `json:"model,omitempty"`
	Summary string   `json:"summary,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Sources []string `json:"sources"`

	founded yearSpan // Founded as a year, filled when the landscape is indexed
}

// Label is the entity's short name where it has one, else its name.
func (e *Entity) Label() string {
	if e.Short != "" {
		return e.Short
	}
	return e.Name
}

// Relation ties two entities: From takes Role towards To (China is host of WIC).
type Relation struct {
	From    string   `json:"from"`
	To      string   `json:"to"`
	Role    string   `json:"role"`
	Start   string   `json:"start,omitempty"`
	End     string   `json:"end,omitempty"`
	Note    string   `json:"note,omitempty"`
	Sources []string `json:"sources"`

	span yearSpan // Start and End as years, filled when the landscape is indexed
}

// yearSpan caches the years of dates that queries compare on every frame or
// year step, so they are parsed once, at load.
type yearSpan struct {
	from, to int // 0 when the date is absent
	ok       bool
}

// Position is an entity's dated, evidenced stance on one axis.
type Position struct {
	Entity   string   `json:"entity"`
	Axis     string   `json:"axis"`
	Score    int      `json:"score"`
	Date     string   `json:"date"`
	Evidence string   `json:"evidence"`
	Sources  []string `json:"sources"`
}

// Event is a dated happening that named entities took part in.
type Event struct {
	ID       string   `json:"id"`
	Date     string   `json:"date"`
	Title    string   `json:"title"`
	Entities []string `json:"entities"`
	Note     string   `json:"note,omitempty"`
	Sources  []string `json:"sources"`
}

// Source is a citable document and how far its use here was verified.
type Source struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	URL          string `json:"url"`
	Publisher    string `json:"publisher"`
	Date         string `json:"date,omitempty"`
	Verification string `json:"verification"`
}

// Entity returns the entity with the given id.
func (l *Landscape) Entity(id string) (*Entity, bool) {
	i, ok := l.entityIndex[id]
	if !ok {
		return nil, false
	}
	return &l.Entities[i], true
}

// Axis returns the axis with the given id.
func (l *Landscape) Axis(id string) (*Axis, bool) {
	i, ok := l.axisIndex[id]
	if !ok {
		return nil, false
	}
	return &l.Axes[i], true
}

// Source returns the source with the given id.
func (l *Landscape) Source(id string) (*Source, bool) {
	i, ok := l.sourceIndex[id]
	if !ok {
		return nil, false
	}
	return &l.Sources[i], true
}

// RelationsOf returns the relations that have id on either side, in file order.
func (l *Landscape) RelationsOf(id string) []*Relation {
	idx := l.relsOf[id]
	out := make([]*Relation, len(idx))
	for i, j := range idx {
		out[i] = &l.Relations[j]
	}
	return out
}

// PositionsOf returns every position the entity holds, oldest first.
func (l *Landscape) PositionsOf(id string) []*Position {
	idx := l.posOf[id]
	out := make([]*Position, len(idx))
	for i, j := range idx {
		out[i] = &l.Positions[j]
	}
	return out
}

// EventsOf returns the events the entity took part in, oldest first.
func (l *Landscape) EventsOf(id string) []*Event {
	idx := l.eventsOf[id]
	out := make([]*Event, len(idx))
	for i, j := range idx {
		out[i] = &l.Events[j]
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
