package ui

import "github.com/charmbracelet/bubbles/key"

// keyMap holds every key of the explorer, so that help is generated from
// it and keys can be rebound in one place.
type keyMap struct {
	Up, Down, PageUp, PageDown, HalfUp, HalfDown, Top, Bottom key.Binding
	Open, Back, Quit, ForceQuit, Help                         key.Binding
	Filter, Complete, Apply, ClearFilter                      key.Binding
	PickLang, PickPartner, PickType                           key.Binding
	Sort, Stats, Export, Copy                                 key.Binding
	SwitchPane, Raw, Search, NextMatch, PrevMatch             key.Binding
	PrevArticle, NextArticle                                  key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "f", " "), key.WithHelp("pgdn/f", "page down")),
		HalfUp:      key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		HalfDown:    key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		Top:         key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:      key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		Open:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Quit:        key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:   key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Complete:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
		Apply:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		PickLang:    key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "by language")),
		PickPartner: key.NewBinding(key.WithKeys("P"), key.WithHelp("P", "by partner")),
		PickType:    key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "by deal type")),
		Sort:        key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort")),
		Stats:       key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "stats")),
		Export:      key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export")),
		Copy:        key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
		SwitchPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Raw:         key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "raw text")),
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search text")),
		NextMatch:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/prev match")),
		PrevMatch:   key.NewBinding(key.WithKeys("N")),
		PrevArticle: key.NewBinding(key.WithKeys("[", "h", "left"), key.WithHelp("[/h", "prev article")),
		NextArticle: key.NewBinding(key.WithKeys("]", "l", "right"), key.WithHelp("]/l", "next article")),
	}
}

// listHelp is the key help of the list: short line first, then columns.
func (k keyMap) listHelp() ([]key.Binding, [][]key.Binding) {
	short := []key.Binding{k.Filter, k.PickLang, k.PickPartner, k.PickType, k.Sort, k.Open, k.Help, k.Quit}
	full := [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Filter, k.ClearFilter, k.PickLang, k.PickPartner, k.PickType},
		{k.Sort, k.Stats, k.Export, k.Copy, k.Help, k.Quit},
	}
	return short, full
}

// detailHelp is the key help of the detail view.
func (k keyMap) detailHelp() ([]key.Binding, [][]key.Binding) {
	short := []key.Binding{k.SwitchPane, k.Up, k.Down, k.Search, k.Raw, k.PrevArticle, k.NextArticle, k.Back}
	full := [][]key.Binding{
		{k.Up, k.Down, k.HalfUp, k.HalfDown, k.Top, k.Bottom},
		{k.SwitchPane, k.Search, k.NextMatch, k.Raw, k.Copy},
		{k.PrevArticle, k.NextArticle, k.Back, k.Help, k.Quit},
	}
	return short, full
}
