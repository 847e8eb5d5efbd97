package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// styles are built from one renderer, so that each SSH session renders
// with its own terminal's colours; nothing here is global.
type styles struct {
	plain bool // no colour: spans are marked with characters instead

	app, header, headerDim, status, statusErr, dim lipgloss.Style
	selected, cursorMark, title, paneTitle         lipgloss.Style
	focusedBorder, border, boilerplate, highlight  lipgloss.Style
	searchHit, bar, barLabel, heading              lipgloss.Style
	kind                                           map[string]lipgloss.Style
}

// kindColor tints fact spans by kind, in dark and light variants.
var kindColor = map[string]lipgloss.AdaptiveColor{
	"vendor":     {Light: "#1d4ed8", Dark: "#60a5fa"},
	"partner":    {Light: "#15803d", Dark: "#4ade80"},
	"competitor": {Light: "#b91c1c", Dark: "#f87171"},
	"product":    {Light: "#a21caf", Dark: "#e879f9"},
	"person":     {Light: "#a16207", Dark: "#facc15"},
	"place":      {Light: "#0e7490", Dark: "#22d3ee"},
	"date":       {Light: "#c2410c", Dark: "#fb923c"},
	"money":      {Light: "#c2410c", Dark: "#fb923c"},
	"quantity":   {Light: "#c2410c", Dark: "#fb923c"},
	"deal":       {Light: "#6d28d9", Dark: "#a78bfa"},
}

// newStyles makes the styles for a renderer. theme is "dark", "light" or
// "" to trust the terminal's background.
func newStyles(r *lipgloss.Renderer, theme string) styles {
	switch strings.ToLower(theme) {
	case "dark":
		r.SetHasDarkBackground(true)
	case "light":
		r.SetHasDarkBackground(false)
	}
	accent := lipgloss.AdaptiveColor{Light: "#4338ca", Dark: "#a5b4fc"}
	muted := lipgloss.AdaptiveColor{Light: "#6b7280", Dark: "#9ca3af"}
	s := styles{
		plain:         r.ColorProfile() == termenv.Ascii,
		app:           r.NewStyle(),
		header:        r.NewStyle().Bold(true).Foreground(accent),
		headerDim:     r.NewStyle().Foreground(muted),
		status:        r.NewStyle().Foreground(muted),
		statusErr:     r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#b91c1c", Dark: "#f87171"}).Bold(true),
		dim:           r.NewStyle().Foreground(muted),
		selected:      r.NewStyle().Reverse(true),
		cursorMark:    r.NewStyle().Foreground(accent).Bold(true),
		title:         r.NewStyle().Bold(true),
		paneTitle:     r.NewStyle().Bold(true).Foreground(accent),
		focusedBorder: r.NewStyle().Foreground(accent),
		border:        r.NewStyle().Foreground(muted),
		boilerplate:   r.NewStyle().Foreground(muted).Faint(true),
		highlight:     r.NewStyle().Reverse(true).Bold(true),
		searchHit:     r.NewStyle().Background(lipgloss.AdaptiveColor{Light: "#fde68a", Dark: "#854d0e"}),
		bar:           r.NewStyle().Foreground(accent),
		barLabel:      r.NewStyle(),
		heading:       r.NewStyle().Bold(true),
		kind:          map[string]lipgloss.Style{},
	}
	for k, c := range kindColor {
		// Colour only: lipgloss draws underlined text one rune at a time,
		// which multiplies what a frame sends over SSH.
		s.kind[k] = r.NewStyle().Foreground(c)
	}
	return s
}
