package xlsx

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

func TestSharedStrings(t *testing.T) {
	xml := `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">` +
		`<si><t>plain</t></si><si/><si><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r><rPh><t>x</t></rPh></si>` +
		`<si><t>line_x000D_break</t></si></sst>`
	got, err := ReadSharedStrings(strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"plain", "", "rich", "line\rbreak"}; !cmp.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestPlainItems reads items that the quick path takes and items it leaves
// to the tokens, whole and one byte at a time (the buffer refilled
// mid-item): each reads as it is written, plain or not.
func TestPlainItems(t *testing.T) {
	items := []struct{ xml, text string }{
		{`<si><t>plain</t></si>`, "plain"},
		{`<si><t></t></si>`, ""},
		{`<si><t>a &amp; b</t></si>`, "a & b"},
		{`<si><t>_x0041_</t></si>`, "A"},
		{`<si><t>one</t><phoneticPr fontId="1"/></si>`, "one"},
		{`<si><t xml:space="preserve"> lead</t></si>`, " lead"},
		{`<si><r><t>ri</t></r><r><t>ch</t></r></si>`, "rich"},
		{`<si>` + "\n" + `<t>spaced</t>` + "\n" + `</si>`, "spaced"},
		{`<si><t>` + strings.Repeat("long ", 20000) + `</t></si>`, strings.Repeat("long ", 20000)},
		{`<si><t>ünï &lt;code&gt;</t></si>`, "ünï <code>"},
		{`<si><t>cut</t></s></si>`, ""}, // malformed: see below
	}
	var xml strings.Builder
	var want []string
	for _, it := range items[:len(items)-1] {
		xml.WriteString(it.xml)
		want = append(want, it.text)
	}
	doc := `<sst>` + xml.String() + `</sst>`
	for _, r := range []io.Reader{strings.NewReader(doc), iotest.OneByteReader(strings.NewReader(doc))} {
		var got []string
		if err := scanSharedStrings(r, func(s string, _ bool) { got = append(got, s) }); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
	if _, err := ReadSharedStrings(strings.NewReader(`<sst>` + items[len(items)-1].xml + `</sst>`)); err == nil {
		t.Error("an item closed by the wrong tag: no error")
	}
}

func TestStringTable(t *testing.T) {
	for _, tc := range []struct {
		name, xml, want string
	}{{
		name: "excelize's",
		xml:  `<?xml version="1.0"?>` + "\n" + `<sst xmlns="ns" count="3" uniqueCount="2"><si><t>Team</t></si><si><r><t>Alpha</t></r></si></sst>`,
		want: `<?xml version="1.0"?>` + "\n" + `<sst xmlns="ns" uniqueCount="4"><si><t>Team</t></si><si><r><t>Alpha</t></r></si>` +
			`<si><t>Alpha</t></si><si><t xml:space="preserve"> a &amp; _x005F_x0041_</t></si></sst>`,
	}, {
		name: "prefixed, quoted",
		xml:  `<x:sst xmlns:x="ns" a='say "hi"'><x:si><x:t>Team</x:t></x:si></x:sst>`,
		want: `<x:sst xmlns:x="ns" a='say "hi"' uniqueCount="3"><x:si><x:t>Team</x:t></x:si>` +
			`<x:si><x:t>Alpha</x:t></x:si><x:si><x:t xml:space="preserve"> a &amp; _x005F_x0041_</x:t></x:si></x:sst>`,
	}, {
		name: "empty",
		xml:  `<sst xmlns="ns"/>`,
		want: `<sst xmlns="ns" uniqueCount="3"><si><t>Team</t></si><si><t>Alpha</t></si><si><t xml:space="preserve"> a &amp; _x005F_x0041_</t></si></sst>`,
	}} {
		st, _, err := readStringTable([]byte(tc.xml))
		if err != nil {
			t.Fatal(err)
		}
		// A plain item is reused; a formatted one is not.
		for _, s := range []string{"Team", "Alpha", " a & _x0041_", "Alpha"} {
			st.ID(s)
		}
		if tc.name == "excelize's" && st.ID("Team") != 0 {
			t.Errorf("%s: Team is not item 0", tc.name)
		}
		got, err := st.appendItems([]byte(tc.xml))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

func TestStringTableEnd(t *testing.T) {
	st, _, err := readStringTable([]byte(`<sst><si><t>a</t></si></sst>`))
	if err != nil {
		t.Fatal(err)
	}
	st.ID("b")
	for _, xml := range []string{
		`<sst><si><t>a</t></si>`,
		`<sst><si><t>a</t></si></sst><extra/>`,
	} {
		if got, err := st.appendItems([]byte(xml)); err == nil {
			t.Errorf("%s: no error, got %s", xml, got)
		}
	}
	got, err := st.appendItems([]byte("<sst><si><t>a</t></si></sst>\n<!-- saved by hand -->\n"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "<sst uniqueCount=\"2\"><si><t>a</t></si><si><t>b</t></si></sst>\n<!-- saved by hand -->\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
