package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
)

// A rep is one representation of a file: its bytes and their strong ETag.
// The bytes live in exactly one place:
//   - file: a file of the tree, opened per request (embedded files seek, so
//     nothing is copied);
//   - body: memory, for bytes the server made (gzip) or had to copy;
//   - lazy: made on first use, for the decoded form of a gzip-only file
//     (the 21 MB wasm is needed only by clients that refuse gzip).
type rep struct {
	etag string
	size int64
	file string
	body []byte
	lazy *lazyBody
}

// lazyBody is the gunzip of a file of the tree, decoded once on demand.
type lazyBody struct {
	once sync.Once
	gz   string
	body []byte
	err  error
}

// asset is a served path: its type, its identity representation and, when
// compressing pays, a gzip one.
type asset struct {
	ctype    string
	identity *rep
	gzip     *rep // nil: identity only
}

// assets is an immutable, indexed copy of a static tree. Every hash is taken
// and every gzip made once, when it is built.
type assets struct {
	fsys  fs.FS
	files map[string]*asset // by slash path without the leading "/"
}

const (
	// minGzipSize: smaller files are sent as they are.
	minGzipSize = 256
	// bestGzipSize: files up to this size get gzip -9; larger ones (dataset
	// shards) the default level, 10-20x faster for 1-2% more bytes, so that
	// start-up stays well under a second.
	bestGzipSize = 1 << 20
)

// newAssets reads the tree fsys, which must not change afterwards. A file
// X.gz is served at X: as it is to clients that accept gzip, decoded for the
// others. Other files are gzipped here when that saves at least a tenth;
// types that are compressed already (png, woff2, ...) are not tried. Names
// starting with "." are never served. The work runs on every CPU.
func newAssets(fsys fs.FS) (*assets, error) {
	type pair struct{ plain, gz string }
	pairs := map[string]*pair{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case p != "." && strings.HasPrefix(d.Name(), "."):
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		}
		name, gz := strings.CutSuffix(p, ".gz")
		pr := pairs[name]
		if pr == nil {
			pr = &pair{}
			pairs[name] = pr
		}
		if gz {
			pr.gz = p
		} else {
			pr.plain = p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	a := &assets{fsys: fsys, files: make(map[string]*asset, len(pairs))}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	for name, pr := range pairs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			f, err := a.load(name, pr.plain, pr.gz)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			a.files[name] = f
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, fmt.Errorf("server: %w", errs[0])
	}
	return a, nil
}

// load builds the asset served at name from the file plain, the file gz, or
// both (then gz must decode to plain: a stale twin would serve different
// bytes depending on Accept-Encoding).
func (a *assets) load(name, plain, gz string) (*asset, error) {
	f := &asset{ctype: contentType(name)}
	var zipped []byte
	if gz != "" {
		b, err := fs.ReadFile(a.fsys, gz)
		if err != nil {
			return nil, err
		}
		f.gzip = a.fileRep(gz, b)
		zipped = b
	}
	if plain == "" {
		// Decode once to validate the file and hash its content; keep
		// nothing: the decoded bytes are made again if a client asks.
		h := sha256.New()
		n, err := gunzipTo(h, zipped)
		if err != nil {
			return nil, &fs.PathError{Op: "gunzip", Path: gz, Err: err}
		}
		f.identity = &rep{etag: etag(h.Sum(nil)), size: n, lazy: &lazyBody{gz: gz}}
		return f, nil
	}
	b, err := fs.ReadFile(a.fsys, plain)
	if err != nil {
		return nil, err
	}
	f.identity = a.fileRep(plain, b)
	switch {
	case gz != "":
		var dec bytes.Buffer
		if _, err := gunzipTo(&dec, zipped); err != nil {
			return nil, &fs.PathError{Op: "gunzip", Path: gz, Err: err}
		}
		if !bytes.Equal(dec.Bytes(), b) {
			return nil, fmt.Errorf("%s does not decode to %s (stale build output?)", gz, plain)
		}
	case len(b) >= minGzipSize && !precompressed[path.Ext(name)]:
		z := gzipBytes(b)
		if len(z) <= len(b)-len(b)/10 {
			f.gzip = memRep(z)
		}
	}
	return f, nil
}

// fileRep is the representation held by the file p of the tree, whose bytes
// are b. Files that cannot seek are kept in memory instead.
func (a *assets) fileRep(p string, b []byte) *rep {
	sum := sha256.Sum256(b)
	r := &rep{etag: etag(sum[:]), size: int64(len(b))}
	if f, err := a.fsys.Open(p); err == nil {
		_, ok := f.(io.ReadSeeker)
		f.Close()
		if ok {
			r.file = p
			return r
		}
	}
	r.body = b
	return r
}

// memRep is a representation held in memory.
func memRep(b []byte) *rep {
	sum := sha256.Sum256(b)
	return &rep{etag: etag(sum[:]), size: int64(len(b)), body: b}
}

// etag is a strong entity tag from a SHA-256 sum (128 bits of it).
func etag(sum []byte) string { return `"` + hex.EncodeToString(sum[:16]) + `"` }

// open returns the bytes of r, and a function to call when done with them.
func (a *assets) open(r *rep) (io.ReadSeeker, func(), error) {
	switch {
	case r.lazy != nil:
		l := r.lazy
		l.once.Do(func() {
			var b []byte
			if b, l.err = fs.ReadFile(a.fsys, l.gz); l.err == nil {
				var dec bytes.Buffer
				dec.Grow(int(r.size))
				_, l.err = gunzipTo(&dec, b)
				l.body = dec.Bytes()
			}
		})
		return bytes.NewReader(l.body), func() {}, l.err
	case r.file != "":
		f, err := a.fsys.Open(r.file)
		if err != nil {
			return nil, nil, err
		}
		rs, ok := f.(io.ReadSeeker)
		if !ok { // fileRep checked: the tree changed its kind of files
			f.Close()
			return nil, nil, fmt.Errorf("%s cannot seek", r.file)
		}
		return rs, func() { f.Close() }, nil
	}
	return bytes.NewReader(r.body), func() {}, nil
}

// gunzipTo writes the decoding of the gzip stream z to w and returns its
// length; the gzip checksum is verified.
func gunzipTo(w io.Writer, z []byte) (int64, error) {
	r, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(w, r)
	if err == nil {
		err = r.Close()
	}
	return n, err
}

// gzipBytes compresses b: gzip -9 up to bestGzipSize, the default level above.
func gzipBytes(b []byte) []byte {
	level := gzip.BestCompression
	if len(b) > bestGzipSize {
		level = gzip.DefaultCompression
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, level) // a valid level: no error
	w.Write(b)                               // a bytes.Buffer: no error
	w.Close()
	return buf.Bytes()
}
