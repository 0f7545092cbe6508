// Package resources holds what Govscape embeds in its binary: the landscape
// dataset it opens on.
package resources

import _ "embed"

// LandscapeJSON is the bundled internet-governance landscape (schema
// govscape/landscape@1).
//
//go:embed landscape.json
var LandscapeJSON []byte

// LandscapeName labels the bundled dataset in messages.
const LandscapeName = "resources/landscape.json"

// Icon is Govscape's application icon (PNG, 256×256).
//
//go:embed icon.png
var Icon []byte
