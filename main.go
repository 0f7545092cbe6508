// Command govscape explores the internet-governance landscape: with no
// arguments it opens the window; with a command word (validate, stats, search,
// show) it answers on the command line.
package main

import (
	"os"

	"govscape/cli"
	"govscape/ui"
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(cli.Run(os.Args[1:], os.Stdout, os.Stderr))
	}
	ui.Run()
}
