package corpus

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/dealscope/dealscope/internal/article"
	"github.com/dealscope/dealscope/internal/extract"
	"github.com/dealscope/dealscope/internal/lang"
)

// cacheFormat marks a file as dealscope's fact cache.
const cacheFormat = "dealscope-facts-1"

var (
	metaBucket = []byte("meta")
	formatKey  = []byte("format")
)

// Cache keeps the facts extracted from each file's content, keyed by the
// content's SHA-256 and the pipeline's fingerprint, so that reopening a
// corpus does not extract again. It is a bbolt database: writes are
// transactions, and a process killed while writing leaves a file that
// opens. Safe for concurrent use.
type Cache struct {
	db     *bolt.DB
	bucket []byte
	hits   atomic.Int64
	misses atomic.Int64
	bad    atomic.Int64
	writes chan entry    // to the writer, which commits them in batches
	done   chan struct{} // closed when the writer has committed all
	closed sync.Once
	err    error // of closing
}

type entry struct{ key, value []byte }

// Batches of writes: one transaction (one fsync) for this many entries or
// this long, whichever comes first, instead of one per file.
const (
	writeBatch = 512
	writeDelay = 200 * time.Millisecond
)

// DefaultCachePath is $XDG_CACHE_HOME/dealscope/facts.db, or
// ~/.cache/dealscope/facts.db.
func DefaultCachePath() (string, error) {
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no cache directory (set XDG_CACHE_HOME, or use --no-cache): %w", err)
		}
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(base, "dealscope", "facts.db"), nil
}

// PipelineFingerprint identifies everything that shapes extracted facts:
// the extractor's version and data, the reader's rules and the language
// profiles.
func PipelineFingerprint() (string, error) {
	x, err := extract.Fingerprint()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(x))
	h.Write(article.RulesData())
	h.Write(lang.ProfilesData())
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// OpenCache opens or creates the cache at path for the pipeline
// fingerprint. A file that is corrupt or not a dealscope cache is reported
// in the returned warning and replaced by an empty cache, never trusted.
// Facts of other fingerprints are dropped.
func OpenCache(path, fingerprint string) (c *Cache, warning error, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, fmt.Errorf("cache: %w", err)
	}
	db, err := openChecked(path)
	if err != nil {
		warning = fmt.Errorf("cache %s is unreadable or not dealscope's (%v); starting a new one", path, err)
		if rmErr := os.Remove(path); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
			return nil, warning, fmt.Errorf("cache: removing %s: %w", path, rmErr)
		}
		if db, err = openChecked(path); err != nil {
			return nil, warning, fmt.Errorf("cache: %w", err)
		}
	}
	c = &Cache{db: db, bucket: []byte("facts-" + fingerprint), writes: make(chan entry, writeBatch), done: make(chan struct{})}
	err = db.Update(func(tx *bolt.Tx) error {
		var stale [][]byte
		err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			if string(name) != string(metaBucket) && string(name) != string(c.bucket) {
				stale = append(stale, append([]byte(nil), name...))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, name := range stale {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		_, err = tx.CreateBucketIfNotExists(c.bucket)
		return err
	})
	if err != nil {
		db.Close()
		return nil, warning, fmt.Errorf("cache: %w", err)
	}
	go c.writer()
	return c, warning, nil
}

// writer commits queued entries in batches until the queue is closed.
func (c *Cache) writer() {
	defer close(c.done)
	var batch []entry
	tick := time.NewTicker(writeDelay)
	defer tick.Stop()
	for {
		select {
		case e, ok := <-c.writes:
			if !ok {
				c.commit(batch)
				return
			}
			if batch = append(batch, e); len(batch) >= writeBatch {
				c.commit(batch)
				batch = nil
			}
		case <-tick.C:
			c.commit(batch)
			batch = nil
		}
	}
}

// commit writes a batch in one transaction. A failed write costs later
// extractions, nothing more: it is counted, not returned.
func (c *Cache) commit(batch []entry) {
	if len(batch) == 0 {
		return
	}
	var err error
	func() {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer recoverDamage(&err)
		err = c.db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(c.bucket)
			if err != nil {
				return err
			}
			for _, e := range batch {
				if err := b.Put(e.key, e.value); err != nil {
					return err
				}
			}
			return nil
		})
	}()
	if err != nil {
		c.bad.Add(int64(len(batch)))
	}
}

// openChecked opens path and checks it is a dealscope cache, stamping a
// new file as one.
func openChecked(path string) (*bolt.DB, error) {
	if err := checkSize(path); err != nil {
		return nil, err
	}
	db, err := openGuarded(path)
	if err != nil {
		return nil, err
	}
	if err := check(db, path); err != nil {
		db.Close()
		return nil, err
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(metaBucket)
		empty := true
		if err := tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil }); err != nil {
			return err
		}
		if meta == nil {
			if !empty {
				return errors.New("no dealscope stamp")
			}
			meta, err := tx.CreateBucket(metaBucket)
			if err != nil {
				return err
			}
			return meta.Put(formatKey, []byte(cacheFormat))
		}
		if got := string(meta.Get(formatKey)); got != cacheFormat {
			return fmt.Errorf("format %q, want %q", got, cacheFormat)
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openGuarded opens the database, turning a fault on a damaged file into
// an error.
func openGuarded(path string) (db *bolt.DB, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	return bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
}

// checkSize reads the two meta pages of a bbolt file and checks the file
// holds as many pages as the newest valid one says: bbolt maps the file
// and would fault reading past the end of a truncated one.
func checkSize(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() == 0 {
		return err
	}
	const (
		magic      = 0xED0CDAED
		pageHeader = 16
	)
	var need int64 = -1
	var newest uint64
	pageSize := int64(0)
	for i := int64(0); i < 2; i++ {
		buf := make([]byte, pageHeader+64)
		if _, err := f.ReadAt(buf, i*pageSize); err != nil {
			break
		}
		m := buf[pageHeader:]
		if binary.LittleEndian.Uint32(m[0:4]) != magic {
			if i == 0 {
				return errors.New("no bbolt header")
			}
			continue
		}
		if i == 0 {
			pageSize = int64(binary.LittleEndian.Uint32(m[8:12]))
			if pageSize < 512 || pageSize > 1<<20 {
				return fmt.Errorf("page size %d", pageSize)
			}
		}
		hwm := int64(binary.LittleEndian.Uint64(m[40:48]))
		txid := binary.LittleEndian.Uint64(m[48:56])
		if need < 0 || txid > newest {
			need, newest = hwm*pageSize, txid
		}
	}
	if need > info.Size() {
		return fmt.Errorf("truncated: %d bytes of %d", info.Size(), need)
	}
	return nil
}

// check reads every page of the database in this goroutine. bbolt trusts
// its pages: it panics on a damaged one and faults on memory past the end
// of a truncated file. Both become an error here, before anything is used.
func check(db *bolt.DB, path string) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer recoverDamage(&err)
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return db.View(func(tx *bolt.Tx) error {
		if tx.Size() > info.Size() {
			return fmt.Errorf("truncated: %d bytes of %d", info.Size(), tx.Size())
		}
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error { return nil })
		})
	})
}

// recoverDamage turns a panic from a damaged database into *err.
func recoverDamage(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("damaged: %v", r)
	}
}

// Close commits what is queued and closes the cache file. The cache must
// not be used after.
func (c *Cache) Close() error {
	c.closed.Do(func() {
		close(c.writes)
		<-c.done
		c.err = c.db.Close()
	})
	return c.err
}

// Stats returns the hits, misses and unreadable entries since opening.
func (c *Cache) Stats() (hits, misses, bad int64) {
	return c.hits.Load(), c.misses.Load(), c.bad.Load()
}

func contentKey(raw []byte) []byte {
	sum := sha256.Sum256(raw)
	return sum[:]
}

// get returns the facts cached for the content, if any.
func (c *Cache) get(key []byte) (extract.Result, bool) {
	var res extract.Result
	var raw []byte
	var err error
	func() {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer recoverDamage(&err)
		err = c.db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(c.bucket); b != nil {
				if v := b.Get(key); v != nil {
					raw = append([]byte(nil), v...)
				}
			}
			return nil
		})
	}()
	if err != nil {
		c.bad.Add(1)
	}
	if raw == nil {
		c.misses.Add(1)
		return res, false
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		c.bad.Add(1)
		c.misses.Add(1)
		return res, false
	}
	c.hits.Add(1)
	return res, true
}

// put queues facts for the content; the writer stores them.
func (c *Cache) put(key []byte, res extract.Result) error {
	raw, err := json.Marshal(res)
	if err != nil {
		return err
	}
	c.writes <- entry{key: key, value: raw}
	return nil
}
