package slurm

import (
	"os/exec"
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"v=1&lab=batch": `'v=1&lab=batch'`,
		"it's":          `'it'\''s'`,
		"":              `''`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

func job() Job {
	return Job{Binary: "/opt/sgdlab", Command: "sgdlab …", Links: []Link{{"a", "v=1&lab=batch"}, {"b", "v=1&lab=batch&n=9"}},
		Shards: 3, CPUs: 2, MemMiB: 300, Minutes: 20}
}

func TestScript(t *testing.T) {
	s, err := Script(job())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"2 link(s) × 3 shards = 6 array tasks", "K=3", "'v=1&lab=batch&n=9'", "--cpus-per-task=2 --mem=300M --time=20",
		"--dependency=afterok:", "SGDLAB=${SGDLAB:-'/opt/sgdlab'}", `-merge -out "$n.csv"`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %q", want)
		}
	}
	if bash, err := exec.LookPath("bash"); err == nil {
		if out, err := exec.Command(bash, "-n", "-c", s).CombinedOutput(); err != nil {
			t.Errorf("bash -n: %v\n%s", err, out)
		}
	}
}

func TestScriptRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(j *Job)
		want string
	}{
		{"no shards", func(j *Job) { j.Shards = 0 }, "0 shards"},
		{"no links", func(j *Job) { j.Links = nil }, "no links"},
		{"no memory", func(j *Job) { j.MemMiB = 0 }, "0 MiB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := job()
			c.edit(&j)
			if _, err := Script(j); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want %q", err, c.want)
			}
		})
	}
}
