package sshserve

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/dealscope/dealscope/internal/corpus"
	"github.com/dealscope/dealscope/ui"
)

var (
	indexOnce sync.Once
	seedIndex *corpus.Index
)

func sharedIndex(t testing.TB) *corpus.Index {
	t.Helper()
	indexOnce.Do(func() {
		p, err := corpus.NewPipeline()
		if err != nil {
			t.Fatal(err)
		}
		docs, _ := p.LoadSeeds(context.Background())
		seedIndex = corpus.NewIndex(docs...)
	})
	return seedIndex
}

// panicky is the explorer with a key that crashes it: "!".
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		panic("boom")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

func newKey(t testing.TB) (gossh.Signer, string) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, string(gossh.MarshalAuthorizedKey(signer.PublicKey()))
}

type testServer struct {
	*Server
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs a server on a free loopback port until the test ends.
func start(t testing.TB, cfg Config) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Listen = "127.0.0.1:0"
	cfg.HostKeyPath = filepath.Join(t.TempDir(), "host_ed25519")
	cfg.Logger = log.New(logs)
	if cfg.RatePerIP == 0 {
		cfg.RatePerIP, cfg.BurstPerIP = 1000, 1000
	}
	if cfg.App == nil {
		ix := sharedIndex(t)
		cfg.App = func(_ ssh.Session, r *lipgloss.Renderer) tea.Model {
			return panicky{ui.New(ui.Options{Index: ix, Renderer: r})}
		}
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{Server: srv, cancel: cancel, done: make(chan error, 1), logs: logs}
	go func() { ts.done <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-ts.done:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
	})
	return ts
}

// client is one SSH session with a terminal, its screen bytes collected.
type client struct {
	t    testing.TB
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser
	out  *syncBuffer
	done chan error
}

func dial(t testing.TB, addr string, signer gossh.Signer) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if signer != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(signer)}
	}
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{User: "analyst", Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
}

func connect(t testing.TB, addr string, signer gossh.Signer, w, h int) *client {
	t.Helper()
	conn, err := dial(t, addr, signer)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, sess: sess, out: &syncBuffer{}, done: make(chan error, 1)}
	sess.Stdout = c.out
	sess.Stderr = c.out
	if c.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- sess.Wait() }()
	t.Cleanup(func() { conn.Close() })
	return c
}

func (c *client) waitFor(want string) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(c.out.String(), want) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	c.t.Fatalf("%q never appeared; screen bytes:\n%q", want, tail(c.out.String()))
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

func (c *client) typeKeys(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, s); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) waitClosed() error {
	c.t.Helper()
	select {
	case err := <-c.done:
		return err
	case <-time.After(10 * time.Second):
		c.t.Fatal("session did not close")
		return nil
	}
}

func authorized(t testing.TB, keys ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "authorized_keys")
	if err := os.WriteFile(path, []byte("# the team\n"+strings.Join(keys, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAllowedKeyBrowses(t *testing.T) {
	signer, pub := newKey(t)
	srv := start(t, Config{AuthorizedKeysPath: authorized(t, pub)})
	c := connect(t, srv.Addr().String(), signer, 100, 30)
	c.waitFor("4/4")
	c.typeKeys("/lang:vi\r")
	c.waitFor("1/4")
	c.typeKeys("\r")
	c.waitFor("10 tỷ USD")
	// A window change redraws at the new size: too small for the explorer.
	if err := c.sess.WindowChange(10, 30); err != nil {
		t.Fatal(err)
	}
	c.waitFor("too small")
	c.typeKeys("q")
	if err := c.waitClosed(); err != nil {
		t.Errorf("session ended with %v", err)
	}
	if logs := srv.logs.String(); !strings.Contains(logs, gossh.FingerprintSHA256(signer.PublicKey())) || !strings.Contains(logs, "outcome=allowed") {
		t.Errorf("login not logged with its fingerprint:\n%s", logs)
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	_, pub := newKey(t)
	stranger, _ := newKey(t)
	srv := start(t, Config{AuthorizedKeysPath: authorized(t, pub)})
	if _, err := dial(t, srv.Addr().String(), stranger); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("stranger's key: err = %v", err)
	}
	if _, err := dial(t, srv.Addr().String(), nil); err == nil {
		t.Fatal("a client without a key got in although authorized keys are set")
	}
	if !strings.Contains(srv.logs.String(), "refused") {
		t.Errorf("refusal not logged:\n%s", srv.logs.String())
	}
}

func TestNoPTYGetsAMessage(t *testing.T) {
	srv := start(t, Config{})
	conn, err := dial(t, srv.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.CombinedOutput("")
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Errorf("exit: %v", err)
	}
	if !strings.Contains(string(out), "needs an interactive terminal") {
		t.Errorf("output %q", out)
	}
}

func TestConcurrentSessions(t *testing.T) {
	srv := start(t, Config{MaxSessions: 64})
	const n = 50
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := connect(t, srv.Addr().String(), nil, 80+i, 24)
			// Each session draws its own frame: a filter of its own.
			lang := []string{"de", "vi", "nl", "fr"}[i%4]
			c.waitFor("4/4")
			c.typeKeys("/lang:" + lang + "\r")
			c.waitFor("lang:" + lang)
			c.typeKeys("q")
			errs <- c.waitClosed()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("session: %v", err)
		}
	}
}

func TestPanicEndsOnlyItsSession(t *testing.T) {
	srv := start(t, Config{})
	calm := connect(t, srv.Addr().String(), nil, 80, 24)
	calm.waitFor("4/4")
	crash := connect(t, srv.Addr().String(), nil, 80, 24)
	crash.waitFor("4/4")
	crash.typeKeys("!")
	crash.waitClosed()
	calm.typeKeys("/lang:fr\r")
	calm.waitFor("1/4")
	again := connect(t, srv.Addr().String(), nil, 80, 24)
	again.waitFor("4/4")
	if !strings.Contains(srv.logs.String(), "panicked") {
		t.Errorf("panic not logged:\n%s", srv.logs.String())
	}
}

func TestSessionLimit(t *testing.T) {
	srv := start(t, Config{MaxSessions: 1})
	first := connect(t, srv.Addr().String(), nil, 80, 24)
	first.waitFor("4/4")
	second := connect(t, srv.Addr().String(), nil, 80, 24)
	second.waitFor("server is full")
	second.waitClosed()
}

func TestRateLimitPerAddress(t *testing.T) {
	srv := start(t, Config{RatePerIP: 0.001, BurstPerIP: 2})
	for range 2 {
		c := connect(t, srv.Addr().String(), nil, 80, 24)
		c.waitFor("4/4")
	}
	c := connect(t, srv.Addr().String(), nil, 80, 24)
	c.waitFor("rate limit")
}

func TestShutdownWithOpenSessions(t *testing.T) {
	srv := start(t, Config{Grace: 2 * time.Second})
	var clients []*client
	for range 3 {
		c := connect(t, srv.Addr().String(), nil, 80, 24)
		c.waitFor("4/4")
		clients = append(clients, c)
	}
	began := time.Now()
	srv.cancel()
	select {
	case err := <-srv.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown took longer than the grace period")
	}
	if took := time.Since(began); took > 3*time.Second {
		t.Errorf("shutdown took %v", took)
	}
	for _, c := range clients {
		c.waitClosed()
	}
	srv.done <- nil // for the cleanup
}

func TestConfigChecks(t *testing.T) {
	app := func(ssh.Session, *lipgloss.Renderer) tea.Model { return nil }
	dir := t.TempDir()
	_, err := New(Config{Listen: "0.0.0.0:0", HostKeyPath: filepath.Join(dir, "k"), App: app, Logger: log.New(io.Discard)})
	if err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("open non-loopback: err = %v", err)
	}
	srv, err := New(Config{Listen: "0.0.0.0:0", AllowAnyone: true, HostKeyPath: filepath.Join(dir, "k"), App: app, Logger: log.New(io.Discard)})
	if err != nil {
		t.Errorf("--allow-anyone: %v", err)
	} else {
		srv.ln.Close()
	}
	_, err = New(Config{Listen: "127.0.0.1:0", AuthorizedKeysPath: filepath.Join(dir, "missing"), HostKeyPath: filepath.Join(dir, "k"), App: app, Logger: log.New(io.Discard)})
	if err == nil || !strings.Contains(err.Error(), "authorized keys") {
		t.Errorf("missing authorized keys: err = %v", err)
	}
	bad := filepath.Join(dir, "bad_keys")
	os.WriteFile(bad, []byte("ssh-ed25519 not-base64\n"), 0o600)
	_, err = New(Config{Listen: "127.0.0.1:0", AuthorizedKeysPath: bad, HostKeyPath: filepath.Join(dir, "k"), App: app, Logger: log.New(io.Discard)})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed authorized keys: err = %v", err)
	}
}

func TestHostKeyInStateDir(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	logs := &syncBuffer{}
	srv, err := New(Config{Listen: "127.0.0.1:0", App: func(ssh.Session, *lipgloss.Renderer) tea.Model { return nil }, Logger: log.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	srv.ln.Close()
	if _, err := os.Stat(filepath.Join(state, "dealscope", "host_ed25519")); err != nil {
		t.Errorf("host key not created: %v", err)
	}
	if !strings.Contains(logs.String(), "fingerprint=SHA256:") {
		t.Errorf("fingerprint not logged: %s", logs.String())
	}
}

// BenchmarkSessions is how many sessions a second the server takes from
// connection to first frame to close.
func BenchmarkSessions(b *testing.B) {
	srv := start(b, Config{MaxSessions: 1000})
	b.ResetTimer()
	for b.Loop() {
		c := connect(b, srv.Addr().String(), nil, 80, 24)
		c.waitFor("4/4")
		c.typeKeys("q")
		c.waitClosed()
		c.conn.Close()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sessions/s")
}

func TestMain(m *testing.M) {
	// Keep test runs quiet and away from the user's state directory.
	dir, err := os.MkdirTemp("", "dealscope-state")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// BenchmarkIdleSessionMemory reports the heap each idle session holds,
// server and in-process client together (an upper bound for the server).
func BenchmarkIdleSessionMemory(b *testing.B) {
	srv := start(b, Config{MaxSessions: 1000})
	const n = 50
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		clients := make([]*client, n)
		for i := range clients {
			clients[i] = connect(b, srv.Addr().String(), nil, 120, 40)
			clients[i].waitFor("4/4")
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/n, "bytes/session")
		for _, c := range clients {
			c.typeKeys("q")
			c.waitClosed()
			c.conn.Close()
		}
	}
}
