// Command mongo-server runs an embedded FerretDB (MongoDB wire protocol) on loopback
// for Parley's test suite. It stores in a SQLite directory (default: a fresh temp dir)
// or in PostgreSQL when -postgresql-url is given.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27018", "loopback TCP address to listen on")
	dir := flag.String("sqlite-dir", "", "SQLite data directory (default: a new temporary directory)")
	pgURL := flag.String("postgresql-url", "", "use PostgreSQL instead of SQLite")
	flag.Parse()

	cfg := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *addr}}
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

	f, err := ferretdb.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	fmt.Printf("ferretdb ready uri=%s handler=%s\n", f.MongoDBURI(), cfg.Handler)
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}
