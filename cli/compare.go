package cli

import (
	"errors"
	"flag"
	"fmt"
	"slices"

	"govscape/model"
)

// compareFormats are the exports compare writes, the first the default.
var compareFormats = []string{"markdown", "csv", "json"}

func init() {
	commands = append(commands, &command{
		name: "compare", args: "[--file FILE] [--year Y] [--format markdown|csv|json] ID ID...",
		summary: "set 2 to 6 entities side by side: stances, differences, shared forums",
		help: "Compare sets 2 to 6 entities side by side: their facts, their latest\n" +
			"stance on each axis with its date, evidence and sources, the axes on\n" +
			"which they differ by 2 points or more, the forums or participants they\n" +
			"share (with the Jaccard overlap), and how far apart each pair stands.\n" +
			"--year Y reads the stances as they stood at the end of year Y (without\n" +
			"it, the latest); --format writes markdown (the default: a table with\n" +
			"the sources as footnotes), csv (one row per entity and attribute) or\n" +
			"json. The exit status is 1 when an ID is unknown.",
		file: true, ownFlags: true, run: runCompare,
	})
}

// runCompare parses its own options from the arguments, since the shared
// flag set knows only --file; flags may stand anywhere among the ids.
func runCompare(cl *call) int {
	fs := flag.NewFlagSet(cl.cmd.name, flag.ContinueOnError)
	year := fs.Int("year", 0, "read stances as of the end of year `Y`")
	format := fs.String("format", compareFormats[0], "markdown, csv or json")
	if done, status := cl.parseOwn(fs); done {
		return status
	}
	ids := cl.args
	if !slices.Contains(compareFormats, *format) {
		return cl.cmd.misuse(cl.stderr, "unknown format %q: want markdown, csv or json", *format)
	}
	var at model.Date
	yearSet := false
	fs.Visit(func(f *flag.Flag) { yearSet = yearSet || f.Name == "year" })
	if yearSet {
		if *year < 1 || *year > 9999 {
			return cl.cmd.misuse(cl.stderr, "--year %d: want a year such as 2020", *year)
		}
		at = model.EndOfYear(*year)
	}
	// The count is checked before the landscape is read: a wrong command
	// line is reported as such whatever the file holds.
	if n := len(ids); n < model.MinCompared || n > model.MaxCompared {
		return cl.cmd.misuse(cl.stderr, "want %d to %d IDs, got %d", model.MinCompared, model.MaxCompared, n)
	}

	l, name, status := cl.loadOrFail()
	if l == nil {
		return status
	}
	c, err := model.Compare(l, ids, at)
	var unknown *model.UnknownEntityError
	switch {
	case errors.As(err, &unknown):
		for _, id := range unknown.IDs {
			fmt.Fprintf(cl.stderr, "govscape compare: no entity has the id %q in %s\n", id, name)
			if near := suggest(l, id); len(near) > 0 {
				fmt.Fprintln(cl.stderr, "Did you mean:")
				printEntities(cl.stderr, "  ", near[:min(len(near), suggestions)])
			}
		}
		fmt.Fprintln(cl.stderr, `Find an entity's id with "govscape search WORD".`)
		return exitFail
	case err != nil:
		// What is left is the request itself: an id given twice.
		return cl.cmd.misuse(cl.stderr, "%v", err)
	}

	switch *format {
	case "csv":
		err = c.WriteCSV(cl.stdout)
	case "json":
		err = c.WriteJSON(cl.stdout)
	default:
		err = c.WriteMarkdown(cl.stdout)
	}
	if err != nil {
		return cl.fail("write the comparison: %v", err)
	}
	return exitOK
}
