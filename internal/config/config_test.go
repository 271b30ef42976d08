package config

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestPath(t *testing.T) {
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"HOME": "/home/ann"}, "/home/ann/.config/audit/config.yaml"},
		{map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "/etc/xdg"}, "/etc/xdg/audit/config.yaml"},
		{map[string]string{"HOME": "/home/ann", "XDG_CONFIG_HOME": "relative"}, "/home/ann/.config/audit/config.yaml"},
		{map[string]string{"USERPROFILE": "/users/ann"}, "/users/ann/.config/audit/config.yaml"},
		{map[string]string{}, ""},
	} {
		if got := Path(env(c.vars)); got != filepath.FromSlash(c.want) {
			t.Errorf("Path(%v) = %q, want %q", c.vars, got, c.want)
		}
	}
}

func TestParse(t *testing.T) {
	getenv := env(map[string]string{"HOME": "/home/ann"})
	const file = "/home/ann/.config/audit/config.yaml"
	for _, c := range []struct {
		name, src string
		want      Config
	}{
		{"empty", "", Config{}},
		{"only comments", "# nothing yet\n", Config{}},
		{"absolute", "font: /usr/share/fonts/x.ttc\n", Config{Font: "/usr/share/fonts/x.ttc"}},
		{"home", "font: ~/fonts/x.ttf\n", Config{Font: "/home/ann/fonts/x.ttf"}},
		{"relative to the file", "font: fonts/x.otf\n", Config{Font: "/home/ann/.config/audit/fonts/x.otf"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse(file, []byte(c.src), getenv)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, *got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseProblems(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"fonts: x.ttf\n", "c.yaml:1: fonts: unknown field (allowed: font)"},
		{"font: \"\"\n", "c.yaml:1: font: must be the path of a font file"},
		{"font: [a, b]\n", "c.yaml:1: font: want a single value, got a list"},
		{"font: x\n  y: z\n", "c.yaml:2: invalid YAML: mapping values are not allowed in this context"},
		{"- font\n", "c.yaml:1: want a mapping of fields (font), got a list"},
	} {
		_, err := Parse("c.yaml", []byte(c.src), env(nil))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) = %v, want %q", c.src, err, c.want)
		}
	}
}

// FuzzParse: any bytes give settings or problems, never a panic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "# x\n", "font: a.ttf\n", "font: ~/x\n", "fonts: 1\n", "font: [\n", "- a\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("c.yaml", data, env(map[string]string{"HOME": "/h"}))
		if (c == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v: want settings or an error", c, err)
		}
	})
}
