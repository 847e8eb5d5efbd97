// Package sshserve serves the explorer over SSH: each session gets its own
// Bubble Tea program and renderer, sized to its own terminal, over one
// corpus loaded once and shared read-only.
package sshserve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/charmbracelet/wish/logging"
	"github.com/charmbracelet/wish/ratelimiter"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/time/rate"
)

// AppFunc builds the model of one session, styled with the session's own
// renderer.
type AppFunc func(sess ssh.Session, r *lipgloss.Renderer) tea.Model

// Config configures a server. Zero values take the defaults.
type Config struct {
	// Listen is the address, "127.0.0.1:23234" by default.
	Listen string
	// HostKeyPath is the server's private key; created (ed25519) when
	// missing. Default: $XDG_STATE_HOME/dealscope/host_ed25519.
	HostKeyPath string
	// AuthorizedKeysPath lists the public keys allowed in, one a line as in
	// OpenSSH's authorized_keys. It is read at each login, so adding a key
	// needs no restart.
	AuthorizedKeysPath string
	// AllowAnyone lets any client in when no authorized keys are given, on
	// addresses other than loopback too.
	AllowAnyone bool
	// MaxSessions bounds the sessions open at once (default 32).
	MaxSessions int
	// IdleTimeout closes a connection that sends nothing for this long
	// (default 30 minutes).
	IdleTimeout time.Duration
	// RatePerIP and BurstPerIP limit new sessions from one address
	// (default 2 a second, bursts of 10).
	RatePerIP  rate.Limit
	BurstPerIP int
	// Grace is how long sessions get to end at shutdown (default 5 s).
	Grace time.Duration
	// Logger logs connections and their outcome; never a secret.
	Logger *log.Logger
	// App builds each session's model.
	App AppFunc
}

func (c *Config) defaults() error {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:23234"
	}
	if c.HostKeyPath == "" {
		dir, err := stateDir()
		if err != nil {
			return err
		}
		c.HostKeyPath = filepath.Join(dir, "host_ed25519")
	}
	if c.MaxSessions <= 0 {
		c.MaxSessions = 32
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = 30 * time.Minute
	}
	if c.RatePerIP <= 0 {
		c.RatePerIP = 2
	}
	if c.BurstPerIP <= 0 {
		c.BurstPerIP = 10
	}
	if c.Grace <= 0 {
		c.Grace = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = log.New(os.Stderr)
	}
	if c.App == nil {
		return errors.New("sshserve: no App to serve")
	}
	return nil
}

// stateDir is where the host key lives: $XDG_STATE_HOME/dealscope or
// ~/.local/state/dealscope.
func stateDir() (string, error) {
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no state directory for the host key (set XDG_STATE_HOME or --host-key): %w", err)
		}
		base = filepath.Join(home, ".local", "state")
	}
	dir := filepath.Join(base, "dealscope")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating %s for the host key: %w", dir, err)
	}
	return dir, nil
}

// Server is a running SSH server.
type Server struct {
	cfg      Config
	srv      *ssh.Server
	ln       net.Listener
	sessions atomic.Int64
	// sessionsCtx ends every session's program at shutdown.
	sessionsCtx context.Context
	endSessions context.CancelFunc
}

// New checks the configuration, loads or creates the host key and
// listens. It refuses to serve a non-loopback address to anyone unless
// AllowAnyone says so.
func New(cfg Config) (*Server, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	open := cfg.AuthorizedKeysPath == ""
	if open && !cfg.AllowAnyone && !isLoopback(cfg.Listen) {
		return nil, fmt.Errorf("refusing to serve %s to anyone: give --authorized-keys FILE, or --allow-anyone if every client may connect", cfg.Listen)
	}
	if !open {
		if _, err := readAuthorizedKeys(cfg.AuthorizedKeysPath); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg}
	s.sessionsCtx, s.endSessions = context.WithCancel(context.Background())
	opts := []ssh.Option{
		wish.WithAddress(cfg.Listen),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithPublicKeyAuth(s.checkKey),
		wish.WithMiddleware(
			bubbletea.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.requirePTY,
			s.limitSessions,
			ratelimiter.Middleware(ratelimiter.NewRateLimiter(cfg.RatePerIP, cfg.BurstPerIP, 1024)),
			logging.MiddlewareWithLogger(cfg.Logger),
		),
	}
	if open {
		// Clients without keys may come in too, asked nothing.
		opts = append(opts, wish.WithKeyboardInteractiveAuth(func(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool {
			cfg.Logger.Info("login", "user", ctx.User(), "remote", ctx.RemoteAddr(), "key", "none", "outcome", "allowed (no authorized keys)")
			return true
		}))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w", err)
	}
	s.srv = srv
	for _, signer := range srv.HostSigners {
		cfg.Logger.Info("host key", "path", cfg.HostKeyPath, "fingerprint", gossh.FingerprintSHA256(signer.PublicKey()))
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Listen, err)
	}
	s.ln = ln
	return s, nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Addr is the address the server listens on.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve accepts sessions until ctx ends, then stops accepting, gives open
// sessions the grace period to end, and closes what is left.
func (s *Server) Serve(ctx context.Context) error {
	s.cfg.Logger.Info("serving", "addr", s.ln.Addr().String(), "max_sessions", s.cfg.MaxSessions, "idle_timeout", s.cfg.IdleTimeout)
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	s.cfg.Logger.Info("shutting down", "sessions", s.sessions.Load(), "grace", s.cfg.Grace)
	s.endSessions()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.Grace)
	defer cancel()
	err := s.srv.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		s.cfg.Logger.Warn("sessions still open after the grace period; closing them")
		err = s.srv.Close()
	}
	if errors.Is(err, ssh.ErrServerClosed) {
		err = nil
	}
	return err
}

// checkKey lets in the keys of the authorized keys file (read at each
// login), or every key when there is none. It logs the key's fingerprint
// and the outcome.
func (s *Server) checkKey(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	if s.cfg.AuthorizedKeysPath == "" {
		s.cfg.Logger.Info("login", "user", ctx.User(), "remote", ctx.RemoteAddr(), "key", fp, "outcome", "allowed (no authorized keys)")
		return true
	}
	keys, err := readAuthorizedKeys(s.cfg.AuthorizedKeysPath)
	if err != nil {
		s.cfg.Logger.Error("login", "user", ctx.User(), "remote", ctx.RemoteAddr(), "key", fp, "outcome", "refused", "err", err)
		return false
	}
	for _, k := range keys {
		if ssh.KeysEqual(k, key) {
			s.cfg.Logger.Info("login", "user", ctx.User(), "remote", ctx.RemoteAddr(), "key", fp, "outcome", "allowed")
			return true
		}
	}
	s.cfg.Logger.Warn("login", "user", ctx.User(), "remote", ctx.RemoteAddr(), "key", fp, "outcome", "refused: key not authorized")
	return false
}

func readAuthorizedKeys(path string) ([]gossh.PublicKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	var keys []gossh.PublicKey
	sc := bufio.NewScanner(bytes.NewReader(raw))
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		k, _, _, _, err := gossh.ParseAuthorizedKey(text)
		if err != nil {
			return nil, fmt.Errorf("authorized keys %s line %d: %w", path, line, err)
		}
		keys = append(keys, k)
	}
	return keys, sc.Err()
}

// requirePTY turns away sessions without a terminal with a line that says
// what to do.
func (s *Server) requirePTY(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			wish.Println(sess, "dealscope needs an interactive terminal: connect with ssh -t.")
			_ = sess.Exit(1)
			return
		}
		next(sess)
	}
}

// limitSessions turns away sessions past the maximum.
func (s *Server) limitSessions(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if n := s.sessions.Add(1); n > int64(s.cfg.MaxSessions) {
			s.sessions.Add(-1)
			s.cfg.Logger.Warn("session refused: server full", "remote", sess.RemoteAddr(), "max", s.cfg.MaxSessions)
			wish.Printf(sess, "dealscope: the server is full (%d sessions); try again later.\n", s.cfg.MaxSessions)
			_ = sess.Exit(1)
			return
		}
		defer s.sessions.Add(-1)
		next(sess)
	}
}

// program builds a session's program: its own model and renderer, ended
// by the session or by shutdown. A panic in it is recovered and logged,
// and ends only this session.
func (s *Server) program(sess ssh.Session) *tea.Program {
	r := newRenderer(sess)
	var m tea.Model
	func() {
		defer func() {
			if p := recover(); p != nil {
				s.cfg.Logger.Error("session app panicked at start", "remote", sess.RemoteAddr(), "panic", p)
			}
		}()
		m = s.cfg.App(sess, r)
	}()
	if m == nil {
		wish.Println(sess, "dealscope: could not start a session; see the server log.")
		return nil
	}
	opts := append(bubbletea.MakeOptions(sess), tea.WithAltScreen(), tea.WithMouseCellMotion())
	p := tea.NewProgram(recovering{Model: m, log: s.cfg.Logger, remote: sess.RemoteAddr().String()}, opts...)
	go func() {
		select {
		case <-s.sessionsCtx.Done():
			p.Quit()
		case <-sess.Context().Done():
		}
	}()
	return p
}

// newRenderer makes the session's renderer from its terminal type and
// environment (NO_COLOR and COLORTERM sent by the client count).
// wish's MakeRenderer also asks the terminal for its background colour;
// a terminal that never answers then stalls the session, and the pending
// read eats the user's first keys. The theme flag or the dark default
// stands in for that answer.
func newRenderer(sess ssh.Session) *lipgloss.Renderer {
	pty, _, _ := sess.Pty()
	env := environ(append(sess.Environ(), "TERM="+pty.Term))
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	if pty.Term == "" || pty.Term == "dumb" {
		r.SetColorProfile(termenv.Ascii)
	}
	r.SetHasDarkBackground(true)
	return r
}

// environ is a session's environment for termenv.
type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}

// recovering wraps a session's model so that a panic in Update or View
// quits that session's program instead of the server.
type recovering struct {
	tea.Model
	log    *log.Logger
	remote string
}

func (r recovering) Update(msg tea.Msg) (m tea.Model, cmd tea.Cmd) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("session panicked; closing it", "remote", r.remote, "panic", p)
			m, cmd = r, tea.Quit
		}
	}()
	inner, cmd := r.Model.Update(msg)
	r.Model = inner
	return r, cmd
}

func (r recovering) View() (v string) {
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("session panicked while drawing", "remote", r.remote, "panic", p)
			v = "dealscope: this session hit an error; press q to leave."
		}
	}()
	return r.Model.View()
}
