package main

import (
	"cmp"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/image/font/sfnt"

	"github.com/alignaudit/audit/internal/report/pdf"
	"github.com/alignaudit/audit/internal/store"
	"github.com/alignaudit/audit/internal/xdg"
)

// Fonts for the characters the PDF report's built-in Go fonts lack
// (Chinese, Japanese, Korean, Arabic, Hebrew, ...): the font of --font or
// of the settings file first, then fonts found on the system, Noto fonts
// preferred. Only the fonts a report needs are opened, and only the parts
// of them it needs are read.

// fontFinder finds fonts on the system.
type fontFinder struct {
	// fcList runs fontconfig's fc-list with its arguments; nil where
	// fontconfig is not installed.
	fcList func(args ...string) (string, error)
	// dirs are the font folders searched without fontconfig.
	dirs []string
}

// maxFallbackFonts bounds the fonts one report takes glyphs from.
const maxFallbackFonts = 8

func systemFontFinder(getenv func(string) string) fontFinder {
	f := fontFinder{dirs: fontDirs(getenv)}
	if path, err := exec.LookPath("fc-list"); err == nil {
		f.fcList = func(args ...string) (string, error) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			out, err := exec.CommandContext(ctx, path, args...).Output()
			return string(out), err
		}
	}
	return f
}

// fontDirs are the usual font folders of the system and the user.
func fontDirs(getenv func(string) string) []string {
	home := xdg.Home(getenv)
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		dirs = append(dirs, filepath.Join(getenv("WINDIR"), "Fonts"), filepath.Join(getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts"))
	case "darwin":
		dirs = append(dirs, "/System/Library/Fonts", "/Library/Fonts", filepath.Join(home, "Library", "Fonts"))
	default:
		data := getenv("XDG_DATA_HOME")
		if data == "" && home != "" {
			data = filepath.Join(home, ".local", "share")
		}
		dirs = append(dirs, filepath.Join(data, "fonts"), filepath.Join(home, ".fonts"), "/usr/local/share/fonts", "/usr/share/fonts")
	}
	return dirs
}

// fontFace is one font of a file (a collection holds several).
type fontFace struct {
	path   string
	index  int
	family string
	style  string
}

// openFonts is the fonts a report uses, open until close.
type openFonts struct {
	fonts []pdf.Font
	files []*os.File
}

func (o *openFonts) close() {
	for _, f := range o.files {
		f.Close()
	}
}

// reportFonts returns fonts for the characters of res the built-in fonts
// lack: from fontFlag (--font), else the settings file's font, then the
// system's. Characters that no font has are named in a warning; they print
// as "�". A font file that cannot be read is bad input.
func reportFonts(e *env, fontFlag string, need []rune) (*openFonts, error) {
	o := &openFonts{}
	if len(need) == 0 {
		return o, nil
	}
	lang := cjkLanguage(need)
	left := slices.Clone(need)
	take := func(face fontFace, bold *fontFace) error {
		regular, err := o.open(face)
		if err != nil {
			return err
		}
		f := pdf.Font{Name: face.path, Regular: regular}
		if bold != nil {
			if f.Bold, err = o.open(*bold); err != nil {
				f.Bold = nil // the regular glyphs will do
			}
		}
		o.fonts = append(o.fonts, f)
		left = slices.DeleteFunc(left, func(r rune) bool { return hasRune(regular, r) })
		return nil
	}

	user, what := fontFlag, "--font"
	if user == "" {
		cfg, path, err := loadConfig(e)
		if err != nil {
			return nil, err
		}
		user, what = cfg.Font, path+": font"
	}
	if user != "" {
		face, err := userFace(user, lang)
		if err != nil {
			return nil, invalidf("%s %s: %v", what, user, err)
		}
		if err := take(face, nil); err != nil {
			o.close()
			return nil, invalidf("%s %s: %v", what, user, err)
		}
	}

	var missing []rune
	for len(left) > 0 && len(o.fonts) < maxFallbackFonts {
		r := left[0]
		regular, bold, ok := e.fonts.find(r, lang)
		if !ok {
			missing = append(missing, r)
			left = left[1:]
			continue
		}
		if err := take(regular, bold); err != nil || slices.Contains(left, r) {
			missing = append(missing, r) // the font is not what fontconfig said
			left = slices.DeleteFunc(left, func(x rune) bool { return x == r })
		}
	}
	missing = append(missing, left...)
	if len(missing) > 0 {
		sample := string(missing[:min(len(missing), 8)])
		if len(missing) > 8 {
			sample += "…"
		}
		fmt.Fprintf(e.stderr, "warning: no font on this system has %d character%s of the report (%s): the PDF shows them as �; "+
			"install a font that has them (for Chinese, Japanese and Korean: Noto Sans CJK) or name one with --font\n",
			len(missing), plural(len(missing)), sample)
	}
	return o, nil
}

// checkFont checks the font file of --font, or else the settings file and
// its font, before anything is asked or written.
func checkFont(e *env, fontFlag string) error {
	what := "--font"
	if fontFlag == "" {
		cfg, path, err := loadConfig(e)
		if err != nil {
			return err
		}
		fontFlag, what = cfg.Font, path+": font"
	}
	if fontFlag == "" {
		return nil
	}
	if _, err := userFace(fontFlag, ""); err != nil {
		return invalidf("%s %s: %v", what, fontFlag, err)
	}
	return nil
}

// open opens a face of a font file for the report.
func (o *openFonts) open(face fontFace) (*sfnt.Font, error) {
	f, err := os.Open(face.path)
	if err != nil {
		return nil, store.Bare(err)
	}
	c, err := sfnt.ParseCollectionReaderAt(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("not a font file (TrueType, OpenType or a collection of them): %w", err)
	}
	if face.index < 0 || face.index >= c.NumFonts() {
		f.Close()
		return nil, fmt.Errorf("has no font number %d", face.index)
	}
	font, err := c.Font(face.index)
	if err != nil {
		f.Close()
		return nil, err
	}
	o.files = append(o.files, f)
	return font, nil
}

// userFace picks the face of a font file the user named: the only one, or
// in a collection the one for the language of the text (Noto Sans CJK has a
// face each for Japanese, Korean and Chinese).
func userFace(path, lang string) (fontFace, error) {
	f, err := os.Open(path)
	if err != nil {
		return fontFace{}, store.Bare(err)
	}
	defer f.Close()
	c, err := sfnt.ParseCollectionReaderAt(f)
	if err != nil {
		return fontFace{}, fmt.Errorf("not a font file (TrueType, OpenType or a collection of them): %w", err)
	}
	var faces []fontFace
	var buf sfnt.Buffer
	for i := range c.NumFonts() {
		font, err := c.Font(i)
		if err != nil {
			continue
		}
		family, _ := font.Name(&buf, sfnt.NameIDFamily)
		style, _ := font.Name(&buf, sfnt.NameIDSubfamily)
		faces = append(faces, fontFace{path: path, index: i, family: family, style: style})
	}
	if len(faces) == 0 {
		return fontFace{}, fmt.Errorf("has no font that can be read")
	}
	return best(faces, lang), nil
}

func hasRune(f *sfnt.Font, r rune) bool {
	var buf sfnt.Buffer
	g, err := f.GlyphIndex(&buf, r)
	return err == nil && g != 0
}

// cjkLanguage guesses which regional face of a Chinese, Japanese and
// Korean font suits the text: kana mean Japanese, Hangul Korean, other Han
// characters simplified Chinese; "" when there are none.
func cjkLanguage(runes []rune) string {
	lang := ""
	for _, r := range runes {
		switch {
		case r >= 0x3040 && r <= 0x30ff:
			return "JP"
		case r >= 0xac00 && r <= 0xd7af, r >= 0x1100 && r <= 0x11ff:
			lang = "KR"
		case r >= 0x4e00 && r <= 0x9fff && lang == "":
			lang = "SC"
		}
	}
	return lang
}

// score ranks faces: Noto, sans-serif, proportional, regular weight, and
// the regional face for the language.
func score(f fontFace, lang string) int {
	s := 0
	family := strings.ToLower(f.family)
	if strings.Contains(family, "noto") {
		s += 8
	}
	if strings.Contains(family, "sans") {
		s += 2
	}
	if strings.Contains(family, "mono") || strings.Contains(family, "emoji") {
		s -= 4
	}
	if lang != "" && strings.HasSuffix(strings.TrimSpace(f.family), " "+lang) {
		s += 16
	}
	switch strings.ToLower(f.style) {
	case "regular", "book", "normal", "roman", "":
		s += 4
	}
	return s
}

// best is the face with the highest score; the first of them on a tie.
func best(faces []fontFace, lang string) fontFace {
	return slices.MaxFunc(faces, func(a, b fontFace) int { return cmp.Compare(score(a, lang), score(b, lang)) })
}

// find returns a regular face that has r, and a bold face of the same
// family if there is one.
func (ff fontFinder) find(r rune, lang string) (fontFace, *fontFace, bool) {
	var faces []fontFace
	if ff.fcList != nil {
		out, err := ff.fcList("--format", "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n", fmt.Sprintf(":charset=%x", r))
		if err == nil {
			faces = parseFcList(out)
		}
	} else {
		faces = ff.scan(r)
	}
	var regular []fontFace
	for _, f := range faces {
		if !isBold(f.style) && !strings.Contains(strings.ToLower(f.style), "italic") && !strings.Contains(strings.ToLower(f.style), "oblique") {
			regular = append(regular, f)
		}
	}
	if len(regular) == 0 {
		return fontFace{}, nil, false
	}
	reg := best(regular, lang)
	for _, f := range faces {
		if f.family == reg.family && strings.EqualFold(f.style, "bold") {
			return reg, &f, true
		}
	}
	return reg, nil, true
}

func isBold(style string) bool { return strings.Contains(strings.ToLower(style), "bold") }

// parseFcList reads fc-list's lines of file, index, family and style.
func parseFcList(out string) []fontFace {
	var faces []fontFace
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 || f[0] == "" {
			continue
		}
		i, err := strconv.Atoi(f[1])
		if err != nil {
			continue
		}
		faces = append(faces, fontFace{path: f[0], index: i, family: f[2], style: f[3]})
	}
	return faces
}

// maxScannedFonts bounds the font files scan opens.
const maxScannedFonts = 3000

// scan looks through the font folders for faces that have r, where
// fontconfig cannot be asked.
func (ff fontFinder) scan(r rune) []fontFace {
	var files []string
	for _, dir := range ff.dirs {
		if dir == "" {
			continue
		}
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || len(files) >= maxScannedFonts {
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".ttf", ".otf", ".ttc", ".otc":
				if !d.IsDir() {
					files = append(files, path)
				}
			}
			return nil
		})
	}
	var faces []fontFace
	var buf sfnt.Buffer
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		c, err := sfnt.ParseCollectionReaderAt(f)
		if err == nil {
			for i := range c.NumFonts() {
				font, err := c.Font(i)
				if err != nil {
					continue
				}
				if g, err := font.GlyphIndex(&buf, r); err != nil || g == 0 {
					continue
				}
				family, _ := font.Name(&buf, sfnt.NameIDFamily)
				style, _ := font.Name(&buf, sfnt.NameIDSubfamily)
				faces = append(faces, fontFace{path: path, index: i, family: family, style: style})
			}
		}
		f.Close()
	}
	return faces
}
