package main

// The write gate: a tiny MongoDB wire-protocol proxy in front of the embedded FerretDB that lets one
// write command run at a time.
//
// Why: FerretDB 1.24 executes update, findAndModify and delete as "query the documents, modify them in
// Go, write each whole document back by _id" without a transaction around the read and the write
// (see FerretDB issue #3040, and common.UpdateDocument / sqlite collection.UpdateAll). Concurrent
// updates of one document therefore lose each other's effects: 50 concurrent {$inc: {value: 1}} on one
// document leave value=6, and five findOneAndUpdate({_id, version: 0}, ...) racing at one version
// produce up to five "winners". MongoDB applies every single-document update atomically, and Parley's
// MongoDB adapter relies on that (ticket counter, optimistic versions, lastSeq advance). The gate gives
// the test server those semantics; reads are never held back. Inserts guarded by unique indexes were
// already atomic (SQLite enforces the unique index), the gate just serialises them with the rest.
//
// Only OP_MSG requests whose command is a write are gated; everything else (handshakes over OP_QUERY,
// reads, OP_COMPRESSED, fire-and-forget writes with moreToCome) passes through untouched.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
)

const (
	opMsg          = 2013
	maxMessageSize = 48 * 1000 * 1000 // MongoDB's maxMessageSizeBytes
	flagMoreToCome = 1 << 1
)

// gatedCommands are the commands that change documents or collections (lower-cased).
var gatedCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
	"create": true, "createindexes": true, "dropindexes": true, "drop": true, "dropdatabase": true,
}

type gate struct {
	backend string     // FerretDB's own (internal) listen address
	writes  sync.Mutex // held from a write request until its reply
}

func (g *gate) serve(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go g.handle(c)
	}
}

// conn is one proxied client connection; it holds the gate while its write request is in flight.
type conn struct {
	g       *gate
	mu      sync.Mutex
	holding bool
	pending int32 // requestID of the gated request
}

func (c *conn) acquire(requestID int32) {
	c.g.writes.Lock()
	c.mu.Lock()
	c.holding, c.pending = true, requestID
	c.mu.Unlock()
}

// release frees the gate when the reply to the gated request arrives (or always, when force is set).
func (c *conn) release(responseTo int32, force bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.holding && (force || responseTo == c.pending) {
		c.holding = false
		c.g.writes.Unlock()
	}
}

func (g *gate) handle(client net.Conn) {
	backend, err := net.Dial("tcp", g.backend)
	if err != nil {
		client.Close()
		return
	}
	c := &conn{g: g}
	var wg sync.WaitGroup
	wg.Add(2)
	closeBoth := func() { client.Close(); backend.Close() }
	go func() { // client → FerretDB
		defer wg.Done()
		defer closeBoth()
		for {
			frame, err := readFrame(client)
			if err != nil {
				return
			}
			if isGatedWrite(frame) {
				c.acquire(int32(binary.LittleEndian.Uint32(frame[4:8])))
			}
			if _, err := backend.Write(frame); err != nil {
				return
			}
		}
	}()
	go func() { // FerretDB → client
		defer wg.Done()
		defer closeBoth()
		for {
			frame, err := readFrame(backend)
			if err != nil {
				return
			}
			c.release(int32(binary.LittleEndian.Uint32(frame[8:12])), false)
			if _, err := client.Write(frame); err != nil {
				return
			}
		}
	}()
	wg.Wait()
	c.release(0, true)
}

// readFrame reads one wire-protocol message (16-byte header included).
func readFrame(r io.Reader) ([]byte, error) {
	var header [4]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	size := int(int32(binary.LittleEndian.Uint32(header[:])))
	if size < 16 || size > maxMessageSize {
		return nil, fmt.Errorf("bad message length %d", size)
	}
	frame := make([]byte, size)
	copy(frame, header[:])
	if _, err := io.ReadFull(r, frame[4:]); err != nil {
		return nil, err
	}
	return frame, nil
}

// isGatedWrite reports whether frame is an OP_MSG write command that expects a reply.
func isGatedWrite(frame []byte) bool {
	if len(frame) < 21 || binary.LittleEndian.Uint32(frame[12:16]) != opMsg {
		return false
	}
	if binary.LittleEndian.Uint32(frame[16:20])&flagMoreToCome != 0 {
		return false // no reply will come to release the gate
	}
	name, err := commandName(frame[20:])
	return err == nil && gatedCommands[strings.ToLower(name)]
}

// commandName finds the body section (kind 0) and returns its first field name.
func commandName(sections []byte) (string, error) {
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return "", errors.New("truncated section")
		}
		size := int(int32(binary.LittleEndian.Uint32(sections[:4])))
		if size < 5 || size > len(sections) {
			return "", errors.New("bad section size")
		}
		if kind == 0 {
			doc := sections[4:size] // after the document length: type byte, cstring name, ...
			if len(doc) < 2 {
				return "", errors.New("empty body")
			}
			end := bytes.IndexByte(doc[1:], 0)
			if end < 0 {
				return "", errors.New("unterminated name")
			}
			return string(doc[1 : 1+end]), nil
		}
		sections = sections[size:] // kind 1: size covers size, identifier and documents
	}
	return "", errors.New("no body section")
}
