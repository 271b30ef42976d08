package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	netmail "net/mail"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/alignaudit/audit/internal/mail"
	"github.com/alignaudit/audit/internal/store"
)

// maxEmailBytes is the most audit send reads of an email file.
const maxEmailBytes = 50 << 20

// passwordVar is the only place, besides a prompt, a password comes from.
const passwordVar = "AUDIT_SMTP_PASSWORD"

// sendFlags say how to send: audit send, and audit report --send.
type sendFlags struct {
	smtp, user, tls string
	dryRun          bool
}

func (f *sendFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.smtp, "smtp", "", "send through the SMTP server at `HOST[:PORT]` (port 587, or 465 with --tls implicit)")
	fs.StringVar(&f.user, "smtp-user", "", "log in to the SMTP server as `NAME`; the password comes from "+passwordVar+" or a prompt")
	fs.StringVar(&f.tls, "tls", "", "encrypt with `MODE` starttls (the default), implicit, or none (unencrypted)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "print what would be sent to whom, and send nothing")
}

// emailFlags are audit report's email flags.
type emailFlags struct {
	to, cc []string
	from   string
	send   bool
	sendFlags
}

func (f *emailFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.to, "email-to", nil, "also write <team>-<period>.eml, an email draft to `ADDR[,ADDR]` with the PDF attached")
	fs.StringArrayVar(&f.cc, "email-cc", nil, "copy the email to `ADDR[,ADDR]`")
	fs.StringVar(&f.from, "email-from", "", "the email's sender `ADDR` (default: email-from in the config file)")
	fs.BoolVar(&f.send, "send", false, "send the email through SMTP after writing it (see audit send)")
	f.sendFlags.register(fs)
}

// readLimited reads a file, refusing one larger than limit.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, store.Bare(err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, store.Bare(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("larger than %d kB", limit>>10)
	}
	return data, nil
}

// emailPlan is a checked request to write an email, and maybe send it.
type emailPlan struct {
	draft  mailDraft
	sender *mail.SMTP // nil: write the draft only
	dryRun bool
}

// mailDraft is who the draft is from and to.
type mailDraft struct {
	from   *netmail.Address
	to, cc []*netmail.Address
}

// planEmail checks audit report's email flags and the config file before
// anything is written, and asks for the password when sending needs one.
// It returns nil when no email was asked for.
func planEmail(ctx context.Context, e *env, flags *pflag.FlagSet, f emailFlags, withPDF bool) (*emailPlan, error) {
	if len(f.to) == 0 {
		for _, name := range []string{"email-cc", "email-from", "send", "smtp", "smtp-user", "tls", "dry-run"} {
			if flags.Changed(name) {
				return nil, invalidf("--%s goes with --email-to", name)
			}
		}
		return nil, nil
	}
	if !f.send {
		for _, name := range []string{"smtp", "smtp-user", "tls", "dry-run"} {
			if flags.Changed(name) {
				return nil, invalidf("--%s goes with --send", name)
			}
		}
	}
	if !withPDF {
		return nil, invalidf("--email-to attaches the PDF: add pdf to --format")
	}
	var p emailPlan
	var err error
	if p.draft.to, err = addressFlag("email-to", f.to); err != nil {
		return nil, err
	}
	if p.draft.cc, err = addressFlag("email-cc", f.cc); err != nil {
		return nil, err
	}
	if len(p.draft.to) == 0 {
		return nil, invalidf("--email-to: no address given")
	}
	cfg, err := mailConfig(e)
	if err != nil {
		return nil, err
	}
	if f.from != "" {
		if p.draft.from, err = mail.ParseAddress(f.from); err != nil {
			return nil, invalidf("--email-from: %v", err)
		}
	} else {
		p.draft.from = defaultFrom(cfg, "")
	}
	if !f.send {
		return &p, nil
	}
	p.dryRun = f.dryRun
	if p.sender, err = smtpSender(e, f.sendFlags, cfg); err != nil {
		return nil, err
	}
	if p.draft.from == nil {
		p.draft.from = defaultFrom(cfg, p.sender.User)
	}
	if p.draft.from == nil {
		return nil, invalidf("--send needs a sender: give --email-from, or set email-from in %s", configPath(e))
	}
	if !p.dryRun {
		if err := askPassword(ctx, e, p.sender); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// addressFlag reads every use of an address flag.
func addressFlag(name string, values []string) ([]*netmail.Address, error) {
	var out []*netmail.Address
	for _, v := range values {
		list, err := mail.ParseAddresses(v)
		if err != nil {
			return nil, invalidf("--%s: %v", name, err)
		}
		out = append(out, list...)
	}
	return out, nil
}

// defaultFrom is the config file's email-from, else the SMTP user name
// when it is an address; nil when there is neither.
func defaultFrom(cfg mail.Settings, user string) *netmail.Address {
	for _, s := range []string{cfg.EmailFrom, user} {
		if a, err := mail.ParseAddress(s); s != "" && err == nil {
			return a
		}
	}
	return nil
}

// smtpSender takes the SMTP settings from the flags, else the config file.
func smtpSender(e *env, f sendFlags, cfg mail.Settings) (*mail.SMTP, error) {
	server, user, mode := cfg.SMTP, cfg.SMTPUser, cfg.TLS
	if f.smtp != "" {
		if _, _, err := mail.ParseServer(f.smtp); err != nil {
			return nil, invalidf("--smtp %v", err)
		}
		server = f.smtp
	}
	if server == "" {
		return nil, invalidf("no SMTP server to send through: give --smtp HOST[:PORT], or set smtp in %s", configPath(e))
	}
	if f.user != "" {
		user = f.user
	}
	if f.tls != "" {
		m, err := mail.ParseTLSMode(f.tls)
		if err != nil {
			return nil, invalidf("--tls %v", err)
		}
		mode = m
	}
	if mode == "" {
		mode = mail.StartTLS
	}
	host, port, _ := mail.ParseServer(server)
	if port == 0 {
		port = mode.DefaultPort()
	}
	if user != "" && mode == mail.NoTLS {
		return nil, invalidf("--tls none with --smtp-user %s would send the password unencrypted: use --tls starttls or implicit", user)
	}
	return &mail.SMTP{Host: host, Port: port, TLS: mode, User: user, RootCAs: e.tlsRoots}, nil
}

// askPassword sets the SMTP password from AUDIT_SMTP_PASSWORD, or asks for
// it without echo on a terminal. It is never a flag or in a file, where
// others could read it.
func askPassword(ctx context.Context, e *env, s *mail.SMTP) error {
	if s.User == "" {
		return nil
	}
	if p := e.getenv(passwordVar); p != "" {
		s.Password = p
		return nil
	}
	if e.readPassword == nil {
		return invalidf("--smtp-user %s needs a password: set %s, or run audit in a terminal to be asked for it", s.User, passwordVar)
	}
	p, err := e.readPassword(ctx, fmt.Sprintf("Password for %s at %s: ", s.User, s.Host))
	if err != nil {
		return err
	}
	s.Password = p
	return nil
}

// prepareEmail reads the email file name (its bytes eml) for sending; from
// stands in for a missing From.
func prepareEmail(e *env, name string, eml []byte, from *netmail.Address) (*mail.Outgoing, error) {
	out, err := mail.Prepare(eml, from, e.now())
	if err != nil {
		return nil, invalidf("%s: %v", name, err)
	}
	return out, nil
}

// sendEmail sends out (from the file name) through s, or with dryRun
// prints what would be sent to whom.
func sendEmail(ctx context.Context, e *env, w io.Writer, name string, out *mail.Outgoing, s *mail.SMTP, dryRun bool) error {
	if s.TLS == mail.NoTLS {
		fmt.Fprintf(e.stderr, "warning: --tls none: the message goes to %s unencrypted; anyone on the network between can read it\n", s.Addr())
	}
	if dryRun {
		login := ""
		if s.User != "" {
			login = ", logged in as " + s.User
		}
		fmt.Fprintf(w, "would send %s through %s (TLS: %s%s):\n", name, s.Addr(), s.TLS, login)
		fmt.Fprintf(w, "  From:    %s\n", mail.FormatAddresses([]*netmail.Address{out.From}))
		for _, f := range []struct {
			field string
			list  []*netmail.Address
		}{{"To", out.To}, {"Cc", out.Cc}, {"Bcc", out.Bcc}} {
			if len(f.list) > 0 {
				fmt.Fprintf(w, "  %-8s %s\n", f.field+":", mail.FormatAddresses(f.list))
			}
		}
		fmt.Fprintf(w, "  Subject: %s\n", out.Subject)
		fmt.Fprintf(w, "  Size:    %d kB\n", (len(out.Data)+1023)/1024)
		fmt.Fprintln(w, "nothing was sent (--dry-run)")
		return nil
	}
	reply, err := s.Send(ctx, out)
	if err != nil {
		if ctx.Err() != nil {
			return errAborted
		}
		return fmt.Errorf("send %s: %w (the file is kept: run audit send %s to try again)", name, err, name)
	}
	fmt.Fprintf(w, "sent %s to %s through %s", name, strings.Join(out.Recipients(), ", "), s.Addr())
	if reply != "" {
		fmt.Fprintf(w, " (%s)", strings.Join(strings.Fields(reply), " "))
	}
	fmt.Fprintln(w)
	return nil
}

func newSendCmd(e *env) *cobra.Command {
	var f sendFlags
	cmd := &cobra.Command{
		Use:   "send [flags] FILE.eml",
		Short: "Send an email, such as the draft audit report --email-to writes, through SMTP",
		Long: `Send an email file through an SMTP server: the draft that audit report
--email-to writes, as it is or after you edited it. The recipients are the
addresses in its To, Cc and Bcc fields; X-Unsent and Bcc are left out of
what is sent, and Date becomes now. Every address is checked before anything
is sent. The file stays where it is.

The server, the user and the TLS mode come from the flags, else from
$XDG_CONFIG_HOME/audit/config.yaml (keys smtp, smtp-user, tls, email-from).
The password comes only from AUDIT_SMTP_PASSWORD or a prompt on the
terminal. The connection is encrypted (STARTTLS, or --tls implicit) and the
server's certificate verified; --tls none sends in clear and says so.

A message is sent once: if the server refuses a recipient, nothing is sent
to anyone, and audit never retries.`,
		Example: `  audit send --smtp smtp.example.com --smtp-user dana@example.com northwind-traders-2026-Q3.eml
  audit send --dry-run --smtp smtp.example.com --smtp-user dana@example.com northwind-traders-2026-Q3.eml
  AUDIT_SMTP_PASSWORD=... audit send --tls implicit --smtp smtp.example.com:465 report.eml`,
		Args: exactArgs(1, "one email file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSend(cmd.Context(), e, f, args[0])
		},
	}
	f.register(cmd.Flags())
	return cmd
}

func runSend(ctx context.Context, e *env, f sendFlags, name string) error {
	cfg, err := mailConfig(e)
	if err != nil {
		return err
	}
	eml, err := readLimited(name, maxEmailBytes)
	if err != nil {
		return invalidf("%s: %v", name, err)
	}
	s, err := smtpSender(e, f, cfg)
	if err != nil {
		return err
	}
	// Check the message before asking for a password.
	out, err := prepareEmail(e, name, eml, defaultFrom(cfg, s.User))
	if err != nil {
		return err
	}
	if !f.dryRun {
		if err := askPassword(ctx, e, s); err != nil {
			return err
		}
	}
	return sendEmail(ctx, e, e.stdout, name, out, s, f.dryRun)
}
