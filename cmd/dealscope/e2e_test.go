package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// buildBinary builds dealscope once for the end-to-end tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dealscope")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// tmux drives a real terminal: its own server socket, one session.
type tmux struct {
	t      *testing.T
	socket string
}

func newTmux(t *testing.T, w, h int, command string) *tmux {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	tm := &tmux{t: t, socket: fmt.Sprintf("dealscope-test-%d-%d", os.Getpid(), time.Now().UnixNano())}
	tm.run("new-session", "-d", "-s", "e2e", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h), command)
	t.Cleanup(func() { exec.Command("tmux", "-L", tm.socket, "kill-server").Run() })
	return tm
}

func (tm *tmux) run(args ...string) string {
	tm.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (tm *tmux) send(keys ...string) { tm.run(append([]string{"send-keys", "-t", "e2e"}, keys...)...) }

func (tm *tmux) screen() string { return tm.run("capture-pane", "-t", "e2e", "-p") }

// waitFor polls the screen until every want is on it.
func (tm *tmux) waitFor(what string, want ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var s string
	for time.Now().Before(deadline) {
		s = tm.screen()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(s, w)
		}
		if ok {
			return s
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("%s: %q not on screen:\n%s", what, want, s)
	return ""
}

func TestExplorerInRealTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	bin := buildBinary(t)
	tm := newTmux(t, 120, 40, bin+"; echo EXITED=$?; sleep 30")
	tm.waitFor("start", "4/4", "Foxconn ist der")
	tm.send("/")
	tm.send("-l", "lang:vi")
	tm.send("Enter")
	tm.waitFor("filter", "1/4", "lang:vi")
	tm.send("Enter")
	s := tm.waitFor("detail", "10 tỷ USD", "Facts")
	// The facts pane sits right of the text: the money fact and the vendor
	// are on rows that also carry the Vietnamese text.
	var moneyRow, vendorRow string
	for _, line := range strings.Split(s, "\n") {
		_, right, ok := strings.Cut(line, "│")
		if !ok {
			continue
		}
		if strings.Contains(right, "10 tỷ USD") {
			moneyRow = line
		}
		if strings.Contains(right, "Microsoft") {
			vendorRow = line
		}
	}
	if moneyRow == "" || vendorRow == "" {
		t.Fatalf("facts pane lacks money or vendor:\n%s", s)
	}
	if !strings.Contains(s, "điện toán đám mây") {
		t.Errorf("Vietnamese text missing:\n%s", s)
	}
	tm.send("q")
	s = tm.waitFor("quit", "EXITED=0")
	if strings.Contains(s, "Facts") || strings.Contains(s, "dealscope") {
		t.Errorf("terminal not restored after quit:\n%s", s)
	}
}
