package main

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/internal/corpus/testcorpus"
)

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// buildBinary builds dealscope once for all the end-to-end tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		builtBin = filepath.Join(testDir, "dealscope")
		out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
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

func TestCacheSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	g, err := testcorpus.New(3)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.WriteDir(filepath.Join(dir, "news"), 800); err != nil {
		t.Fatal(err)
	}
	cacheHome := filepath.Join(dir, "cache")
	for _, wait := range []time.Duration{150 * time.Millisecond, 300 * time.Millisecond, 600 * time.Millisecond} {
		cmd := exec.Command(bin, "extract", "--format", "jsonl", filepath.Join(dir, "news"))
		cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cacheHome)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(wait)
		cmd.Process.Kill()
		cmd.Wait()
	}
	fp, err := corpus.PipelineFingerprint()
	if err != nil {
		t.Fatal(err)
	}
	c, warning, err := corpus.OpenCache(filepath.Join(cacheHome, "dealscope", "facts.db"), fp)
	if err != nil || warning != nil {
		t.Fatalf("cache after kills: err %v, warning %v", err, warning)
	}
	c.Close()
	// And a full run over it agrees with a run without it.
	with, _, err := runBin(t, bin, cacheHome, "extract", "--format", "jsonl", filepath.Join(dir, "news"))
	if err != nil {
		t.Fatal(err)
	}
	without, _, err := runBin(t, bin, cacheHome, "extract", "--no-cache", "--format", "jsonl", filepath.Join(dir, "news"))
	if err != nil {
		t.Fatal(err)
	}
	if with != without {
		t.Errorf("cached and uncached output differ")
	}
}

func runBin(t *testing.T, bin, cacheHome string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+cacheHome)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	return out.String(), errOut.String(), err
}
