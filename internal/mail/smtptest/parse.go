package smtptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
)

// Parsed is a message read back as a mail client reads it, with the
// standard library only (net/mail, mime/multipart).
type Parsed struct {
	Header      mail.Header
	Subject     string // decoded
	Plain, HTML string // decoded bodies
	Attachments []Attachment
	Structure   []string // content types, outermost first
}

// Attachment is a part with a file name.
type Attachment struct {
	Name, Type string
	Data       []byte
}

// Parse reads a message.
func Parse(data []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	p := &Parsed{Header: m.Header}
	if p.Subject, err = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("subject: %w", err)
	}
	return p, p.part(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), "", m.Body)
}

func (p *Parsed) part(contentType, encoding, disposition string, body io.Reader) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("content type %q: %w", contentType, err)
	}
	p.Structure = append(p.Structure, mediaType)
	if strings.HasPrefix(mediaType, "multipart/") {
		r := multipart.NewReader(body, params["boundary"])
		for {
			part, err := r.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := p.part(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"),
				part.Header.Get("Content-Disposition"), part); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(encoding) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("%s: %w", mediaType, err)
	}
	if _, dparams, err := mime.ParseMediaType(disposition); err == nil && dparams["filename"] != "" {
		name, err := new(mime.WordDecoder).DecodeHeader(dparams["filename"])
		if err != nil {
			return fmt.Errorf("file name: %w", err)
		}
		p.Attachments = append(p.Attachments, Attachment{Name: name, Type: mediaType, Data: data})
		return nil
	}
	switch mediaType {
	case "text/plain":
		p.Plain = string(data)
	case "text/html":
		p.HTML = string(data)
	}
	return nil
}
