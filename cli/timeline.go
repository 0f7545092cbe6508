package cli

// The landscape through time on the command line: "timeline" lists dated
// events, "diff" says what changed between two years. Both answer from
// model.History, as the window's Timeline tab and year slider do.

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"govscape/model"
)

func init() {
	commands = append(commands, &command{
		name: "timeline", args: "[--file FILE] [--from YEAR] [--to YEAR] [--entity ID]... [--format text|json|csv]",
		summary: "list dated events, oldest first",
		help: "Timeline lists the landscape's events by date, then id: each event's\n" +
			"date, id and title, and the ids of the entities it names. --from YEAR\n" +
			"and --to YEAR leave out events before and after YEAR, which may also\n" +
			"be a month (2014-11) or a day (2014-11-19) and covers the whole of it.\n" +
			"--entity ID keeps the events naming ID; repeat it, or separate ids by\n" +
			"commas, to keep those naming any of several. --format writes text (the\n" +
			"default), json or csv. The exit status is 1 when no event matches or\n" +
			"an ID is unknown.",
		file: true, ownFlags: true, run: runTimeline,
	}, &command{
		name: "diff", args: "[--file FILE] [--format text|json] YEAR YEAR",
		summary: "say what changed between two years, with sources",
		help: "Diff compares the landscape as it stood at the end of the first YEAR\n" +
			"with the end of the second (a YEAR may also be a month, 2014-11, or a\n" +
			"day, 2014-11-19) and lists what changed in between: the entities\n" +
			"founded, the relations started and ended, the stances that moved with\n" +
			"the evidence and sources of the old and the new position, and the\n" +
			"events; then every source cited. --format writes text (the default)\n" +
			"or json.",
		file: true, ownFlags: true, run: runDiff,
	})
}

// parseOwn parses the command's own flags, defined on fs, and --file from
// its arguments, wherever they stand, and leaves the other words in cl.args.
// It reports whether the command line is already answered (help was asked
// for, or a flag is wrong) and with what exit status.
func (cl *call) parseOwn(fs *flag.FlagSet) (done bool, status int) {
	fs.SetOutput(io.Discard) // usage is ours, as in Run
	fs.StringVar(&cl.file, "file", cl.file, fileHelp)
	rest, err := parseInterspersed(fs, cl.args)
	if errors.Is(err, flag.ErrHelp) {
		cl.cmd.usage(cl.stdout)
		return true, exitOK
	}
	if err != nil {
		return true, cl.cmd.misuse(cl.stderr, "%v", err)
	}
	cl.args = rest
	return false, exitOK
}

// dateFlag is a flag holding a year, month or day.
type dateFlag model.Date

func (d *dateFlag) String() string { return (*model.Date)(d).String() }

func (d *dateFlag) Set(s string) error {
	v, err := parseYear(s)
	if err == nil {
		*d = dateFlag(v)
	}
	return err
}

// parseYear reads a YEAR argument, saying what was wanted when it is not one.
func parseYear(s string) (model.Date, error) {
	d, err := model.ParseDate(s)
	if err != nil {
		return model.Date{}, fmt.Errorf("want a year such as 2014 (or 2014-11, 2014-11-19), got %q", s)
	}
	return d, nil
}

// listFlag collects every value of a repeated flag, each split at commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func runTimeline(cl *call) int {
	var (
		from, to model.Date
		entities []string
		format   = "text"
	)
	fs := flag.NewFlagSet(cl.cmd.name, flag.ContinueOnError)
	fs.Var((*dateFlag)(&from), "from", "leave out events before `YEAR`")
	fs.Var((*dateFlag)(&to), "to", "leave out events after `YEAR`")
	fs.Var((*listFlag)(&entities), "entity", "keep events naming `ID`")
	fs.StringVar(&format, "format", format, "text, json or csv")
	if done, status := cl.parseOwn(fs); done {
		return status
	}
	if len(cl.args) > 0 {
		return cl.cmd.misuse(cl.stderr, "takes no arguments, got %q", cl.args)
	}
	if !slices.Contains([]string{"text", "json", "csv"}, format) {
		return cl.cmd.misuse(cl.stderr, "unknown format %q: want text, json or csv", format)
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return cl.cmd.misuse(cl.stderr, "--from %s is after --to %s", from, to)
	}
	l, name, status := cl.loadOrFail()
	if l == nil {
		return status
	}
	for _, id := range entities {
		if _, ok := l.Entity(id); !ok {
			return unknownEntity(cl, l, name, id)
		}
	}
	events := model.NewHistory(l).Timeline(model.EventFilter{From: from, To: to, Entities: entities})
	if len(events) == 0 {
		which := []string{"no event"}
		if !from.IsZero() {
			which = append(which, "from "+from.String())
		}
		if !to.IsZero() {
			which = append(which, "to "+to.String())
		}
		if len(entities) > 0 {
			which = append(which, "naming "+strings.Join(entities, " or "))
		}
		return cl.fail("%s in %s", strings.Join(which, " "), name)
	}

	switch format {
	case "json":
		doc := struct {
			From     string         `json:"from,omitempty"`
			To       string         `json:"to,omitempty"`
			Entities []string       `json:"entities,omitempty"`
			Events   []*model.Event `json:"events"`
		}{from.String(), to.String(), entities, events}
		return writeJSON(cl, doc)
	case "csv":
		w := csv.NewWriter(cl.stdout)
		w.Write([]string{"date", "id", "title", "entities", "note", "sources"})
		for _, ev := range events {
			w.Write([]string{ev.Date, ev.ID, ev.Title, strings.Join(ev.Entities, ";"), ev.Note, strings.Join(ev.Sources, ";")})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return cl.fail("write: %v", err)
		}
		return exitOK
	}
	tw := tabwriter.NewWriter(cl.stdout, 0, 8, 2, ' ', 0)
	for _, ev := range events {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ev.Date, ev.ID, ev.Title, strings.Join(ev.Entities, ", "))
	}
	tw.Flush()
	return exitOK
}

func writeJSON(cl *call, v any) int {
	enc := json.NewEncoder(cl.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // evidence quotes "<" and "&" as written
	if err := enc.Encode(v); err != nil {
		return cl.fail("write: %v", err)
	}
	return exitOK
}

func runDiff(cl *call) int {
	format := "text"
	fs := flag.NewFlagSet(cl.cmd.name, flag.ContinueOnError)
	fs.StringVar(&format, "format", format, "text or json")
	if done, status := cl.parseOwn(fs); done {
		return status
	}
	if len(cl.args) != 2 {
		return cl.cmd.misuse(cl.stderr, "want two YEARs, got %d arguments", len(cl.args))
	}
	var dates [2]model.Date
	for i, s := range cl.args {
		d, err := parseYear(s)
		if err != nil {
			return cl.cmd.misuse(cl.stderr, "%v", err)
		}
		dates[i] = d
	}
	if format != "text" && format != "json" {
		return cl.cmd.misuse(cl.stderr, "unknown format %q: want text or json", format)
	}
	l, _, status := cl.loadOrFail()
	if l == nil {
		return status
	}
	c := model.NewHistory(l).Diff(dates[0], dates[1])
	if format == "json" {
		return writeJSON(cl, diffDoc(c))
	}
	writeChange(cl.stdout, l, c)
	return exitOK
}

// moveJSON is a model.Move with its entity and axis by id: the positions
// carry the evidence and sources.
type moveJSON struct {
	Entity string          `json:"entity"`
	Axis   string          `json:"axis"`
	From   *model.Position `json:"from"` // null: the first stance on the axis
	To     *model.Position `json:"to"`
}

// diffDoc lays a Change out for JSON in the dataset's own shapes, with empty
// lists as [] so scripts need not test for null.
func diffDoc(c *model.Change) any {
	moved := []moveJSON{}
	for _, m := range c.Moved {
		moved = append(moved, moveJSON{m.Entity.ID, m.Axis.ID, m.From, m.To})
	}
	return struct {
		From    string            `json:"from"`
		To      string            `json:"to"`
		Founded []*model.Entity   `json:"founded"`
		Started []*model.Relation `json:"relations_started"`
		Ended   []*model.Relation `json:"relations_ended"`
		Moved   []moveJSON        `json:"stances_moved"`
		Events  []*model.Event    `json:"events"`
		Sources []*model.Source   `json:"sources"`
	}{c.From.String(), c.To.String(), orEmpty(c.Founded), orEmpty(c.Started), orEmpty(c.Ended),
		moved, orEmpty(c.Events), orEmpty(c.Sources())}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// writeChange writes a Change as text: a summary line, then one section for
// each kind of change that has any, then the sources cited.
func writeChange(out io.Writer, l *model.Landscape, c *model.Change) {
	if c.Empty() {
		fmt.Fprintf(out, "Nothing changed from %s to %s.\n", c.From, c.To)
		return
	}
	fmt.Fprintf(out, "From %s to %s: %s founded, %s started, %d ended, %s moved, %s.\n",
		c.From, c.To, count(len(c.Founded), "entity", "entities"), count(len(c.Started), "relation", "relations"),
		len(c.Ended), count(len(c.Moved), "stance", "stances"), count(len(c.Events), "event", "events"))
	src := func(ids []string) string { return "[" + strings.Join(ids, ", ") + "]" }
	section := func(title string, lines func(w io.Writer)) {
		fmt.Fprintf(out, "\n%s\n", title)
		tw := tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
		lines(tw)
		tw.Flush()
	}
	name := func(id string) string {
		if e, ok := l.Entity(id); ok {
			return e.Name + " (" + id + ")"
		}
		return id
	}
	relation := func(r *model.Relation) string {
		return name(r.From) + " " + model.RolePhrase(r.Role, false) + " " + name(r.To)
	}

	if len(c.Founded) > 0 {
		section("Founded", func(w io.Writer) {
			for _, e := range c.Founded {
				fmt.Fprintf(w, "  %s\t%s\t%s\t%s\n", e.Founded, e.Kind, name(e.ID), src(e.Sources))
			}
		})
	}
	if len(c.Started) > 0 {
		section("Relations started", func(w io.Writer) {
			for _, r := range c.Started {
				until := ""
				if r.End != "" {
					until = " (until " + r.End + ")"
				}
				fmt.Fprintf(w, "  %s\t%s%s\t%s\n", r.Start, relation(r), until, src(r.Sources))
			}
		})
	}
	if len(c.Ended) > 0 {
		section("Relations ended", func(w io.Writer) {
			for _, r := range c.Ended {
				since := ""
				if r.Start != "" {
					since = " (since " + r.Start + ")"
				}
				fmt.Fprintf(w, "  %s\t%s%s\t%s\n", r.End, relation(r), since, src(r.Sources))
			}
		})
	}
	if len(c.Moved) > 0 {
		section("Stances moved", func(w io.Writer) {
			for _, m := range c.Moved {
				old := "no stance"
				if m.From != nil {
					old = fmt.Sprintf("%+d", m.From.Score)
				}
				fmt.Fprintf(w, "  %s on %s: %s → %+d\n", name(m.Entity.ID), m.Axis.Name, old, m.To.Score)
				for _, p := range []struct {
					label string
					p     *model.Position
				}{{"from", m.From}, {"to", m.To}} {
					if p.p != nil {
						fmt.Fprintf(w, "    %s\t%s\t%+d %s\t%s %s\n", p.label, p.p.Date, p.p.Score,
							poleLabel(m.Axis, p.p.Score), p.p.Evidence, src(p.p.Sources))
					}
				}
			}
		})
	}
	if len(c.Events) > 0 {
		section("Events", func(w io.Writer) {
			for _, ev := range c.Events {
				fmt.Fprintf(w, "  %s\t%s (%s)\t%s\n", ev.Date, ev.Title, ev.ID, src(ev.Sources))
			}
		})
	}
	if sources := c.Sources(); len(sources) > 0 {
		section("Sources", func(w io.Writer) {
			for _, s := range sources {
				by := s.Publisher
				if s.Date != "" {
					by += ", " + s.Date
				}
				fmt.Fprintf(w, "  %s\t%s. %s. %s (%s)\n", s.ID, strings.TrimSuffix(s.Title, "."), by, s.URL, s.Verification)
			}
		})
	}
}
