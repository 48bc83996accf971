// Command ferretdb-test-server runs an embedded FerretDB (SQLite backend) on a
// loopback TCP port, for tests. It is driven by scripts/ferretdb.sh.
//
//	ferretdb-test-server -dir /abs/data/dir [-port 0] [-uri-file FILE]
//	ferretdb-test-server -ping mongodb://127.0.0.1:PORT/
//
// A wrapper is needed because `go install .../cmd/ferretdb` builds a binary that
// panics at start (it requires generated build/version files). The embedded API
// never starts the telemetry reporter (it lives only in cmd/ferretdb) and
// explicitly disables telemetry in ferretdb.New.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

const ferretdbModule = "github.com/FerretDB/FerretDB"

func main() {
	dir := flag.String("dir", "", "data directory for SQLite files (must exist)")
	host := flag.String("host", "127.0.0.1", "listen host")
	port := flag.Int("port", 0, "listen port (0 = pick a free port)")
	uriFile := flag.String("uri-file", "", "write the MongoDB URI to this file once listening")
	logLevel := flag.String("log-level", "info", "log level: debug, info, warn, error")
	ping := flag.String("ping", "", "instead of serving, ping the MongoDB server at this URI and exit 0 on success")
	pingTimeout := flag.Duration("ping-timeout", 3*time.Second, "timeout for -ping")
	flag.Parse()

	if *ping != "" {
		if err := doPing(*ping, *pingTimeout); err != nil {
			fmt.Fprintf(os.Stderr, "ping %s: %v\n", *ping, err)
			os.Exit(1)
		}
		return
	}

	if err := serve(*dir, *host, *port, *uriFile, *logLevel); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}
}

func serve(dir, host string, port int, uriFile, logLevel string) error {
	if dir == "" {
		return errors.New("-dir is required")
	}

	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}

	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return fmt.Errorf("data dir %q does not exist or is not a directory", abs)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level: %w", err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + strings.TrimSuffix(abs, "/") + "/",
		Listener: ferretdb.ListenerConfig{
			TCP: net.JoinHostPort(host, strconv.Itoa(port)),
		},
	})
	if err != nil {
		return err
	}

	// The embedded build reports ferretdbVersion "unknown"; use the module version instead.
	if v := moduleVersion(); v != "" {
		version.Get().Version = v
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	done := make(chan struct{})

	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// The listener is bound inside ferretdb.New, so the address is known now.
	uri := f.MongoDBURI()
	logger.Info("FerretDB ready", "uri", uri, "version", version.Get().Version, "dir", abs)

	if uriFile != "" {
		tmp := uriFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(uri+"\n"), 0o644); err != nil {
			return err
		}

		if err := os.Rename(tmp, uriFile); err != nil {
			return err
		}
	}

	<-done
	logger.Info("FerretDB stopped")

	return nil
}

func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}

	for _, d := range bi.Deps {
		if d.Path == ferretdbModule {
			if d.Replace != nil && d.Replace.Version != "" {
				return d.Replace.Version
			}

			return d.Version
		}
	}

	return ""
}

func doPing(uri string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	opts := options.Client().ApplyURI(uri).
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout)

	client, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}
	defer client.Disconnect(context.Background()) //nolint:errcheck // best effort

	return client.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err()
}
