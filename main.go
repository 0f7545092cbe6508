// Command govscape explores the internet-governance landscape: with no
// arguments it opens the window; with a command word (validate, stats, search,
// show) it answers on the command line.
package main

import (
	"os"
	"strings"

	"govscape/cli"
	"govscape/ui"
)

func main() {
	args := os.Args[1:]
	// "govscape --store DIR" opens the window on another store; any other
	// words are a command for the command line.
	var opts ui.Options
	switch {
	case len(args) == 2 && args[0] == "--store":
		opts.StoreDir, args = args[1], nil
	case len(args) == 1 && strings.HasPrefix(args[0], "--store="):
		opts.StoreDir, args = strings.TrimPrefix(args[0], "--store="), nil
	}
	if len(args) > 0 {
		os.Exit(cli.Run(args, os.Stdout, os.Stderr))
	}
	ui.Run(opts)
}
