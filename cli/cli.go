// Package cli answers Govscape's command-line words — validate, stats, search
// and show — with the same model queries the window uses, so a dataset can be
// checked and explored from a terminal or a script without opening a window.
package cli

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"govscape/model"
	"govscape/resources"
)

// Exit statuses, as shells and make read them.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and the answer is "no": problems, no match
	exitUsage = 2 // the command line itself is wrong
)

// command is one word of the command line.
type command struct {
	name    string
	args    string // the synopsis after the name
	summary string // one line, for the top-level usage
	help    string // a paragraph, for the command's own usage
	// file says whether the command takes --file FILE.
	file bool
	// ownFlags says the command parses all its flags itself (it has more
	// than --file); Run then hands it the words after the command's name.
	ownFlags bool
	run      func(c *call) int
}

// fileHelp says what --file does, wherever that is said.
const fileHelp = "read the landscape from FILE instead of the bundled one"

// call is one run of a command: its parsed arguments and where output goes.
type call struct {
	cmd            *command
	args           []string
	file           string
	stdout, stderr io.Writer
	lockWait       time.Duration // how long a store command waits for another process's lock
}

var commands = []*command{
	{
		name: "validate", args: "FILE",
		summary: "check a landscape file and list every problem in it",
		help: "Validate reads FILE as a govscape/landscape@1 document and prints either\n" +
			"a one-line summary of what it holds, or every problem with its JSON path.\n" +
			"The exit status is 1 when there are problems.",
		run: runValidate,
	},
	{
		name: "stats", args: "[FILE]",
		summary: "count what a landscape holds",
		help: "Stats counts entities by kind, forums by model (and those with fewer\n" +
			"than 3 participants), relations by role (and the entities with none),\n" +
			"positions by axis (and the entities whose stance on an axis changed),\n" +
			"states by UN regional group, events with the earliest and latest, and\n" +
			"sources by verification, and gives the span of years.",
		run: runStats,
	},
	{
		name: "search", args: "[--file FILE] QUERY...",
		summary: "find entities by id, name or text, best match first",
		help: "Search prints the id, kind and name of every entity matching QUERY:\n" +
			"exact ids and names first, then prefixes, words of names, parts of\n" +
			"names, and last those whose summary, tags or region hold every word.\n" +
			"The exit status is 1 when nothing matches.",
		file: true, run: runSearch,
	},
	{
		name: "show", args: "[--file FILE] ID",
		summary: "print everything known about one entity",
		help: "Show prints what the inspector shows for the entity ID: its facts, its\n" +
			"dated positions on each axis with evidence, its relations by role, the\n" +
			"events it took part in, and every source cited about it.",
		file: true, run: runShow,
	},
}

// Run carries out the command line args (without the program name), writing
// results to stdout and complaints to stderr, and returns the exit status: 0
// when done, 1 when the answer is negative (a file with problems, no match,
// an unknown id, a file that cannot be read), 2 for a wrong command line.
func Run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help", "help":
		if name == "help" && len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				c.usage(stdout)
				return exitOK
			}
			fmt.Fprintf(stderr, "govscape help: unknown command %q\n\n", args[1])
			usage(stderr)
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(stderr, "govscape: unknown command %q\n\n", args[0])
		usage(stderr)
		return exitUsage
	}

	cl := &call{cmd: c, stdout: stdout, stderr: stderr}
	if c.ownFlags {
		cl.args = args[1:]
		return c.run(cl)
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	// The flag package would print its own usage to stderr; ours goes to
	// stdout when asked for and to stderr when the command line is wrong.
	fs.SetOutput(io.Discard)
	if c.file {
		fs.StringVar(&cl.file, "file", "", fileHelp)
	}
	rest, err := parseInterspersed(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		c.usage(stdout)
		return exitOK
	}
	if err != nil {
		return c.misuse(stderr, "%v", err)
	}
	cl.args = rest
	return c.run(cl)
}

// parseInterspersed parses flags wherever they stand among the arguments, as
// people type "show china --file x.json" as often as the other way round;
// everything after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var out []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return out, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(out, rest...), nil
		}
		out = append(out, rest[0])
		args = rest[1:]
	}
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Usage: govscape [COMMAND [ARGUMENTS]]\n\n"+
		"With no command, govscape opens its window. Commands:\n\n")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nWithout FILE, a command reads the bundled landscape (%s).\n"+
		"Run \"govscape COMMAND -h\" for more about a command.\n", resources.LandscapeName)
}

func (c *command) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: govscape %s %s\n\n%s\n", c.name, c.args, c.help)
	if c.file {
		fmt.Fprintf(w, "\nOptions:\n  --file FILE  %s\n", fileHelp)
	}
}

// misuse reports a wrong command line: what was wrong, then how it is used.
func (c *command) misuse(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "govscape %s: %s\n\n", c.name, fmt.Sprintf(format, args...))
	c.usage(stderr)
	return exitUsage
}

// fail reports a command that ran but could not answer.
func (cl *call) fail(format string, args ...any) int {
	fmt.Fprintf(cl.stderr, "govscape %s: %s\n", cl.cmd.name, fmt.Sprintf(format, args...))
	return exitFail
}

// load reads the landscape in file, or the bundled one when file is empty.
func load(file string) (*model.Landscape, string, error) {
	if file == "" {
		l, err := model.Parse(resources.LandscapeJSON, resources.LandscapeName)
		return l, resources.LandscapeName, err
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, file, err
	}
	defer f.Close()
	l, err := model.Load(f, file)
	return l, file, err
}

// loadOrFail loads the landscape for a command, reporting failure itself.
func (cl *call) loadOrFail() (*model.Landscape, string, int) {
	l, name, err := load(cl.file)
	if err != nil {
		return nil, name, cl.fail("%v", err)
	}
	return l, name, exitOK
}

func runValidate(cl *call) int {
	if len(cl.args) != 1 {
		return cl.cmd.misuse(cl.stderr, "want one FILE, got %d arguments", len(cl.args))
	}
	l, name, err := load(cl.args[0])
	var ve *model.ValidationError
	switch {
	case errors.As(err, &ve):
		// The problems are the answer, so they go to stdout with the rest.
		fmt.Fprintln(cl.stdout, ve.Error())
		return exitFail
	case err != nil:
		return cl.fail("%v", err)
	}
	fmt.Fprintf(cl.stdout, "%s: valid (%s, %s, %s, %s, %s, %s)\n", name,
		count(len(l.Entities), "entity", "entities"), count(len(l.Relations), "relation", "relations"),
		count(len(l.Positions), "position", "positions"), count(len(l.Events), "event", "events"),
		count(len(l.Sources), "source", "sources"), count(len(l.Axes), "axis", "axes"))
	return exitOK
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// minParticipants is the fewest distinct counterparts a forum should have
// (issue 3); resources/coverage_test.go checks the bundled data against the
// same figure, and fails if this line's label drifts from its own.
const minParticipants = 3

// unGroups are the five UN regional groups, by the tag that puts a state in
// one, in the order the UN lists them.
var unGroups = []struct{ tag, name string }{
	{"un-african", "African Group"},
	{"un-asia-pacific", "Asia-Pacific Group"},
	{"un-eeg", "Eastern European Group"},
	{"un-grulac", "Latin American and Caribbean Group"},
	{"un-weog", "Western European and Others Group"},
}

// listed is how many ids a stats line names before it says how many more.
const listed = 5

// idList writes " (a, b, c)" for a short list of ids, and " (a, b, …, and 7
// more)" for a long one, so a line flags what to fix without flooding.
func idList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	if len(ids) <= listed {
		return " (" + strings.Join(ids, ", ") + ")"
	}
	return fmt.Sprintf(" (%s, and %d more)", strings.Join(ids[:listed], ", "), len(ids)-listed)
}

func runStats(cl *call) int {
	switch len(cl.args) {
	case 0:
	case 1:
		cl.file = cl.args[0]
	default:
		return cl.cmd.misuse(cl.stderr, "want at most one FILE, got %d arguments", len(cl.args))
	}
	l, name, status := cl.loadOrFail()
	if l == nil {
		return status
	}
	w := tabwriter.NewWriter(cl.stdout, 0, 8, 2, ' ', 0)
	title := l.Title
	if title == "" {
		title = "untitled"
	}
	fmt.Fprintf(w, "%s: %s, as of %s\n", name, title, l.AsOf)
	if first, last := l.YearRange(); first != 0 {
		fmt.Fprintf(w, "Years\t%d–%d\n", first, last)
	}

	tally := func(heading string, total int, order []string, counts map[string]int) {
		fmt.Fprintf(w, "\n%s\t%d\n", heading, total)
		for _, k := range order {
			fmt.Fprintf(w, "  %s\t%d\n", k, counts[k])
		}
	}
	kinds, models := map[string]int{}, map[string]int{}
	forums := 0
	var thin, alone []string
	for i := range l.Entities {
		e := &l.Entities[i]
		kinds[e.Kind]++
		if e.Kind == "forum" {
			forums++
			models[e.Model]++
			if len(l.Counterparts(e.ID, 0, nil)) < minParticipants {
				thin = append(thin, e.ID)
			}
		}
		if len(l.RelationsOf(e.ID)) == 0 {
			alone = append(alone, e.ID)
		}
	}
	tally("Entities", len(l.Entities), model.Kinds, kinds)
	fmt.Fprintf(w, "  all but forums\t%d\n", len(l.Entities)-forums)
	tally("Forums by model", forums, model.Models, models)
	fmt.Fprintf(w, "  forums with fewer than %d participants\t%d%s\n", minParticipants, len(thin), idList(thin))
	roles := map[string]int{}
	for _, r := range l.Relations {
		roles[r.Role]++
	}
	tally("Relations by role", len(l.Relations), model.Roles, roles)
	fmt.Fprintf(w, "  entities without a relation\t%d%s\n", len(alone), idList(alone))

	fmt.Fprintf(w, "\nPositions by axis\t%d\n", len(l.Positions))
	changedAny := map[string]bool{}
	for _, a := range l.Axes {
		// scores holds each entity's distinct scores on this axis: two or
		// more mean its stance changed over time.
		scores := map[string]map[int]bool{}
		n := 0
		for _, p := range l.Positions {
			if p.Axis != a.ID {
				continue
			}
			n++
			if scores[p.Entity] == nil {
				scores[p.Entity] = map[int]bool{}
			}
			scores[p.Entity][p.Score] = true
		}
		changed := 0
		for id, s := range scores {
			if len(s) >= 2 {
				changed++
				changedAny[id] = true
			}
		}
		fmt.Fprintf(w, "  %s (%s)\t%d\theld by %s; %d changed stance\n", a.Name, a.ID, n, count(len(scores), "entity", "entities"), changed)
	}
	fmt.Fprintf(w, "  entities whose stance changed on some axis\t%d\n", len(changedAny))

	states := 0
	inGroup := map[string]int{}
	var ungrouped []string
	for _, e := range l.Entities {
		if e.Kind != "state" {
			continue
		}
		states++
		grouped := false
		for _, g := range unGroups {
			if slices.Contains(e.Tags, g.tag) {
				inGroup[g.tag]++
				grouped = true
			}
		}
		if !grouped {
			ungrouped = append(ungrouped, e.ID)
		}
	}
	fmt.Fprintf(w, "\nStates by UN regional group\t%d\n", states)
	for _, g := range unGroups {
		fmt.Fprintf(w, "  %s\t%d\t%s\n", g.tag, inGroup[g.tag], g.name)
	}
	fmt.Fprintf(w, "  states in no UN regional group\t%d%s\n", len(ungrouped), idList(ungrouped))

	fmt.Fprintf(w, "\nEvents\t%d\n", len(l.Events))
	if len(l.Events) > 0 {
		// Of events on the same date, the earliest and latest are the first
		// in the file, so the lines do not move when a same-day event is added.
		first, last := &l.Events[0], &l.Events[0]
		for i := range l.Events {
			ev := &l.Events[i]
			d := model.MustDate(ev.Date)
			if d.Before(model.MustDate(first.Date)) {
				first = ev
			}
			if model.MustDate(last.Date).Before(d) {
				last = ev
			}
		}
		fmt.Fprintf(w, "  earliest\t%s\t%s (%s)\n", first.Date, first.Title, first.ID)
		fmt.Fprintf(w, "  latest\t%s\t%s (%s)\n", last.Date, last.Title, last.ID)
	}

	verif := map[string]int{}
	for _, s := range l.Sources {
		verif[s.Verification]++
	}
	tally("Sources by verification", len(l.Sources), model.Verifications, verif)
	w.Flush()
	return exitOK
}

func runSearch(cl *call) int {
	if len(cl.args) == 0 {
		return cl.cmd.misuse(cl.stderr, "want a QUERY")
	}
	query := strings.Join(cl.args, " ")
	if strings.TrimSpace(query) == "" {
		return cl.cmd.misuse(cl.stderr, "the QUERY is blank")
	}
	l, _, status := cl.loadOrFail()
	if l == nil {
		return status
	}
	hits := l.Search(query)
	if len(hits) == 0 {
		return cl.fail("no entity matches %q", query)
	}
	ents := make([]*model.Entity, len(hits))
	for i, h := range hits {
		ents[i] = h.Entity
	}
	printEntities(cl.stdout, "", ents)
	return exitOK
}

func printEntities(w io.Writer, indent string, es []*model.Entity) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, e := range es {
		fmt.Fprintf(tw, "%s%s\t%s\t%s\n", indent, e.ID, e.Kind, displayName(e))
	}
	tw.Flush()
}

// displayName is the name with the short name after it where they differ.
func displayName(e *model.Entity) string {
	if e.Short != "" && e.Short != e.Name {
		return e.Name + " (" + e.Short + ")"
	}
	return e.Name
}

// suggestions is how many search hits an unknown id is answered with.
const suggestions = 5

func runShow(cl *call) int {
	if len(cl.args) != 1 {
		return cl.cmd.misuse(cl.stderr, "want one ID, got %d arguments", len(cl.args))
	}
	l, name, status := cl.loadOrFail()
	if l == nil {
		return status
	}
	id := cl.args[0]
	e, ok := l.Entity(id)
	if !ok {
		return unknownEntity(cl, l, name, id)
	}
	show(cl.stdout, l, e)
	return exitOK
}

// suggest finds entities an unknown id may have meant: first ids a typing
// slip or two away ("chna" for "china"), which search cannot find because
// they do not contain the query, then search's best hits for it.
func suggest(l *model.Landscape, id string) []*model.Entity {
	q := strings.ToLower(id)
	within := max(1, utf8.RuneCountInString(q)/3)
	type near struct {
		e    *model.Entity
		dist int
	}
	var nearby []near
	for i := range l.Entities {
		e := &l.Entities[i]
		if d := editDistance(q, strings.ToLower(e.ID)); d <= within {
			nearby = append(nearby, near{e, d})
		}
	}
	slices.SortStableFunc(nearby, func(a, b near) int { return cmp.Compare(a.dist, b.dist) })
	var out []*model.Entity
	seen := map[string]bool{}
	for _, n := range nearby {
		out = append(out, n.e)
		seen[n.e.ID] = true
	}
	for _, h := range l.Search(id) {
		if !seen[h.Entity.ID] {
			out = append(out, h.Entity)
		}
	}
	return out
}

// editDistance counts the single-character insertions, deletions and
// substitutions that turn a into b (Levenshtein distance), by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			sub := prev[j-1]
			if ra[i-1] != rb[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// show writes the inspector's content for e as text.
func show(out io.Writer, l *model.Landscape, e *model.Entity) {
	w := tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
	defer w.Flush()
	fmt.Fprintln(w, e.Name)
	for _, f := range [][2]string{
		{"id", e.ID}, {"kind", e.Kind}, {"short", e.Short}, {"founded", e.Founded},
		{"region", e.Region}, {"model", e.Model}, {"tags", strings.Join(e.Tags, ", ")},
		{"summary", e.Summary}, {"sources", strings.Join(e.Sources, ", ")},
	} {
		if f[1] != "" {
			fmt.Fprintf(w, "  %s\t%s\n", f[0], f[1])
		}
	}

	if byAxis := l.PositionsByAxis(e.ID, model.Date{}); len(byAxis) > 0 {
		fmt.Fprintln(w, "\nPositions")
		for _, ap := range byAxis {
			fmt.Fprintf(w, "  %s\n", ap.Axis.Name)
			for _, p := range ap.Positions {
				fmt.Fprintf(w, "    %s\t%+d %s\t%s [%s]\n", p.Date, p.Score, poleLabel(ap.Axis, p.Score),
					p.Evidence, strings.Join(p.Sources, ", "))
			}
		}
	}

	if groups := l.GroupRelations(e.ID, 0); len(groups) > 0 {
		fmt.Fprintln(w, "\nRelations")
		for _, g := range groups {
			fmt.Fprintf(w, "  %s\n", model.RolePhrase(g.Role, g.Incoming))
			for _, r := range g.Relations {
				other := r.Other(e.ID)
				label := other
				if o, ok := l.Entity(other); ok {
					label = o.Name + " (" + other + ")"
				}
				detail := span(r.Start, r.End)
				if r.Note != "" && detail != "" {
					detail += " — " + r.Note
				} else if r.Note != "" {
					detail = r.Note
				}
				fmt.Fprintf(w, "    %s\t%s [%s]\n", label, detail, strings.Join(r.Sources, ", "))
			}
		}
	}

	if events := l.EventsOf(e.ID); len(events) > 0 {
		fmt.Fprintln(w, "\nEvents")
		for _, ev := range events {
			line := ev.Title + " (" + ev.ID + ")"
			if ev.Note != "" {
				line += ". " + ev.Note
			}
			fmt.Fprintf(w, "  %s\t%s [%s]\n", ev.Date, line, strings.Join(ev.Sources, ", "))
		}
	}

	if sources := l.SourcesOf(e.ID); len(sources) > 0 {
		fmt.Fprintln(w, "\nSources")
		for _, s := range sources {
			by := s.Publisher
			if s.Date != "" {
				by += ", " + s.Date
			}
			fmt.Fprintf(w, "  %s\t%s. %s. %s (%s)\n", s.ID, strings.TrimSuffix(s.Title, "."), by, s.URL, s.Verification)
		}
	}
}

// poleLabel names the pole a score leans to; 0 leans to neither.
func poleLabel(a *model.Axis, score int) string {
	switch {
	case score < 0:
		return "(" + a.Neg.Label + ")"
	case score > 0:
		return "(" + a.Pos.Label + ")"
	}
	return "(neutral)"
}

// span words when a relation held.
func span(start, end string) string {
	switch {
	case start != "" && end != "":
		return start + "–" + end
	case start != "":
		return "since " + start
	case end != "":
		return "until " + end
	}
	return ""
}

// unknownEntity reports an id that names no entity, with the entities it may
// have meant.
func unknownEntity(cl *call, l *model.Landscape, name, id string) int {
	fmt.Fprintf(cl.stderr, "govscape %s: no entity has the id %q in %s\n", cl.cmd.name, id, name)
	near := suggest(l, id)
	if len(near) == 0 {
		fmt.Fprintln(cl.stderr, `Nothing matches it either; try "govscape search WORD".`)
		return exitFail
	}
	fmt.Fprintln(cl.stderr, "Did you mean:")
	printEntities(cl.stderr, "  ", near[:min(len(near), suggestions)])
	return exitFail
}
