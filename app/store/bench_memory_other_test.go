//go:build !linux

package store

import (
	"fmt"
	"os"
)

// memoryChild: the memory benchmark measures through Linux's /proc.
func memoryChild(string, string) {
	fmt.Println("error: the memory benchmark runs on Linux only")
	os.Exit(1)
}
