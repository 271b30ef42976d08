package mail

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"time"
)

// Outgoing is a message ready to send: who it is from and to, and the
// bytes that go to the server.
type Outgoing struct {
	From        *netmail.Address
	To, Cc, Bcc []*netmail.Address
	Subject     string // decoded
	Data        []byte
}

// Recipients are the addresses the message goes to: To, Cc and Bcc, each
// once.
func (o *Outgoing) Recipients() []string {
	var out []string
	seen := map[string]bool{}
	for _, list := range [][]*netmail.Address{o.To, o.Cc, o.Bcc} {
		for _, a := range list {
			if key := strings.ToLower(a.Address); !seen[key] {
				seen[key] = true
				out = append(out, a.Address)
			}
		}
	}
	return out
}

// Prepare reads a message (a draft that Write wrote, or one a user edited)
// for sending. It checks every address, takes the recipients from To, Cc and
// Bcc, and changes the header as a mail client does when it sends a draft:
// X-Unsent and Bcc are dropped, Date becomes now, and From is set to from
// when the message has none. Every error is a problem with the message.
func Prepare(eml []byte, from *netmail.Address, now time.Time) (*Outgoing, error) {
	msg, err := netmail.ReadMessage(bytes.NewReader(eml))
	if err != nil {
		return nil, fmt.Errorf("not an email message: %v", err)
	}
	out := &Outgoing{}
	for _, f := range []struct {
		name string
		list *[]*netmail.Address
	}{{"From", nil}, {"To", &out.To}, {"Cc", &out.Cc}, {"Bcc", &out.Bcc}} {
		addrs, err := headerAddresses(msg.Header, f.name)
		if err != nil {
			return nil, err
		}
		if f.list != nil {
			*f.list = addrs
			continue
		}
		switch len(addrs) {
		case 0:
		case 1:
			out.From = addrs[0]
		default:
			return nil, errors.New("From: more than one sender: keep one")
		}
	}
	if len(out.Recipients()) == 0 {
		return nil, errors.New("no recipient: the message has no To, Cc or Bcc address")
	}
	var extra []string
	if out.From == nil {
		if from == nil {
			return nil, errors.New("no From: write one into the message, or set email-from in the config file")
		}
		out.From = from
		extra = append(extra, "From: "+from.String())
	}
	if out.Subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		out.Subject = msg.Header.Get("Subject")
	}
	extra = append(extra, "Date: "+now.Format(time.RFC1123Z))
	out.Data = rewriteHeader(eml, extra, "X-Unsent", "Bcc", "Date")
	return out, nil
}

// headerAddresses reads the addresses of every field called name.
func headerAddresses(h netmail.Header, name string) ([]*netmail.Address, error) {
	var out []*netmail.Address
	for _, v := range h[name] {
		list, err := ParseAddresses(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, list...)
	}
	return out, nil
}

// rewriteHeader returns the message with the header fields named in drop
// removed (with their continuation lines) and the lines of add put first.
// The body is left byte for byte as it was.
func rewriteHeader(eml []byte, add []string, drop ...string) []byte {
	var out bytes.Buffer
	for _, l := range add {
		out.WriteString(l + "\r\n")
	}
	dropping := false
	for rest := eml; len(rest) > 0; {
		n := bytes.IndexByte(rest, '\n') + 1
		if n == 0 {
			n = len(rest)
		}
		line := rest[:n]
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			out.Write(rest) // the blank line and the body
			break
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, _ := bytes.Cut(line, []byte(":"))
			dropping = false
			for _, d := range drop {
				dropping = dropping || strings.EqualFold(string(bytes.TrimSpace(name)), d)
			}
		}
		if !dropping {
			out.Write(line)
		}
		rest = rest[n:]
	}
	return out.Bytes()
}
