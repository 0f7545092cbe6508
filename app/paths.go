package app

import (
	"fmt"
	"os"
	"path/filepath"
)

// AppID identifies Govscape to the operating system and names its folder of
// user data; it matches FyneApp.toml.
const AppID = "org.govscape.desktop"

// UserDataRoot is the folder Govscape keeps a user's data in by default: the
// folder Fyne gives the app for its storage (on Linux
// ~/.config/fyne/org.govscape.desktop), computed without starting Fyne so the
// command line finds the same store as the window.
func UserDataRoot() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user data folder: %w; pass --store DIR or set GOVSCAPE_STORE", err)
	}
	return filepath.Join(dir, "fyne", AppID), nil
}
