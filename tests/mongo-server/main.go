// Command mongo-server runs an embedded FerretDB (MongoDB wire protocol) on loopback
// for Parley's test suite. It stores in a SQLite directory (default: a fresh temp dir)
// or in PostgreSQL when -postgresql-url is given.
//
// By default FerretDB listens on an internal loopback port behind the write gate (gate.go), which makes
// single-document updates atomic as they are in MongoDB; -write-gate=false exposes FerretDB directly.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27018", "loopback TCP address to listen on")
	dir := flag.String("sqlite-dir", "", "SQLite data directory (default: a new temporary directory)")
	pgURL := flag.String("postgresql-url", "", "use PostgreSQL instead of SQLite")
	writeGate := flag.Bool("write-gate", true, "serialise write commands so that updates are atomic (see gate.go)")
	flag.Parse()

	var public net.Listener
	ferretAddr := *addr
	if *writeGate {
		// Bind the public port first so that a busy port fails before FerretDB starts.
		l, err := net.Listen("tcp", *addr)
		if err != nil {
			log.Fatal(err)
		}
		public = l
		ferretAddr = "127.0.0.1:0"
	}

	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: ferretAddr}}
	if *pgURL != "" {
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = *pgURL
	} else {
		d := *dir
		if d == "" {
			tmp, err := os.MkdirTemp("", "parley-ferretdb-")
			if err != nil {
				log.Fatal(err)
			}
			d = tmp
			defer os.RemoveAll(tmp)
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			log.Fatal(err)
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			log.Fatal(err)
		}
		cfg.Handler = "sqlite"
		cfg.SQLiteURL = "file:" + abs + "/"
	}

	f, err := ferretdb.New(cfg) // binds FerretDB's listener
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	uri := f.MongoDBURI()
	if public != nil {
		g := &gate{backend: mustHost(uri)}
		go g.serve(public)
		defer public.Close()
		uri = fmt.Sprintf("mongodb://%s/", public.Addr())
	}

	fmt.Printf("ferretdb ready uri=%s handler=%s ferretdb=%s write-gate=%t\n", uri, cfg.Handler, ferretDBVersion(), *writeGate)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

// mustHost returns host:port of a mongodb:// URI printed by FerretDB.
func mustHost(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Host == "" {
		log.Fatalf("unexpected FerretDB URI %q", uri)
	}
	return u.Host
}

// ferretDBVersion is the FerretDB module version compiled in: the embedded package itself reports
// "unknown" (its version file is generated only for FerretDB's own builds), so buildInfo cannot tell.
func ferretDBVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/FerretDB/FerretDB" {
				return dep.Version
			}
		}
	}
	return "unknown"
}
