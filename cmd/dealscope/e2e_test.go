package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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

func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
}

func TestServeWithOpenSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	for _, tool := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (.ci/run installs openssh-client)", tool)
		}
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, err := os.ReadFile(key + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keys, pub, 0o600)
	port := freePort(t)
	var logs bytes.Buffer
	srv := exec.Command(bin, "serve", "--listen", "127.0.0.1:"+port, "--authorized-keys", keys, "--grace", "2s")
	srv.Env = append(os.Environ(), "XDG_STATE_HOME="+filepath.Join(dir, "state"))
	srv.Stdout, srv.Stderr = &logs, &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() { srv.Process.Kill() })

	ssh := fmt.Sprintf("ssh -tt -i %s -p %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o LogLevel=ERROR analyst@127.0.0.1", key, port)
	var tm *tmux
	for i := 0; ; i++ {
		// The server may still be starting: retry the connection briefly.
		tm = newTmux(t, 100, 30, ssh+"; echo SSH_EXITED=$?; sleep 30")
		time.Sleep(300 * time.Millisecond)
		if s := tm.screen(); !strings.Contains(s, "SSH_EXITED=255") || i == 10 {
			break
		}
		exec.Command("tmux", "-L", tm.socket, "kill-server").Run()
	}
	tm.waitFor("session", "4/4", "Foxconn")
	tm.send("/")
	tm.send("-l", "lang:vi")
	tm.send("Enter")
	tm.waitFor("filter over ssh", "1/4")
	tm.send("q")
	tm.waitFor("ssh exit", "SSH_EXITED=0")

	if err := srv.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("server exit: %v\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("server did not stop on SIGTERM\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "outcome=allowed") || !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("server log lacks the login or the shutdown:\n%s", logs.String())
	}
}
