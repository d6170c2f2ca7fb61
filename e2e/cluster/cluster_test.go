//go:build !js

// Package cluster tests sgdlab on a real Slurm cluster: it installs
// Debian's slurmctld, slurmd, slurm-client and munge (as root), starts a
// one-node cluster of its own (its slurm.conf, state and spool directories
// and ports), submits the batch scripts sgdlab -slurm writes for two labs
// and a grid, and checks that the merged results are byte for byte those
// of the link run on one machine — also after a cancelled array task and a
// resubmission. Run by make cluster (in make test); it skips, loudly, when
// not root, unless CI=true.
package cluster

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The links: two labs and one grid, small enough for a few minutes in all.
const (
	varianceLink = "v=1&lab=variance&runs=200&steps=40"
	criticalLink = "v=1&lab=critical&dataset=fashion&n=300&eig=exact&m=1,4,16,n&seeds=2&eps=0.01&sweep=3"
	gridLink     = "v=1&lab=critical&dataset=fashion&n=150&eig=exact&m=1,8,n&seeds=1&eps=0.05&sweep=0"
	gridSpec     = "sigma=4,8&dataset=fashion,mnist"
	shards       = 3
)

var packages = []string{"slurmctld", "slurmd", "slurm-client", "munge"}

// skip skips the test, or fails it under CI=true.
func skip(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("cluster test cannot run and CI=true: %s", why)
	}
	t.Skipf("\n%s\n* cluster test SKIPPED: %s\n%s", strings.Repeat("*", 72), why, strings.Repeat("*", 72))
}

// cluster is the one-node cluster the test runs.
type cluster struct {
	t     *testing.T
	dir   string
	env   []string
	procs []*exec.Cmd
}

func sh(t *testing.T, env []string, dir string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env, cmd.Dir = env, dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func must(t *testing.T, env []string, dir string, name string, args ...string) string {
	t.Helper()
	out, err := sh(t, env, dir, name, args...)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// install installs the Slurm and MUNGE packages that are missing.
func install(t *testing.T) {
	var missing []string
	for _, c := range []struct{ cmd, pkg string }{{"slurmctld", "slurmctld"}, {"slurmd", "slurmd"}, {"sbatch", "slurm-client"}, {"munged", "munge"}} {
		if _, err := exec.LookPath(c.cmd); err != nil {
			if _, err := os.Stat("/usr/sbin/" + c.cmd); err != nil {
				missing = append(missing, c.pkg)
			}
		}
	}
	if len(missing) == 0 {
		return
	}
	env := append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	t.Logf("installing %v", missing)
	apt := []string{"-o", "DPkg::Lock::Timeout=300", "-q"}
	must(t, env, "", "apt-get", append(apt, "update")...)
	must(t, env, "", "apt-get", append(append(apt, "install", "-y", "--no-install-recommends"), missing...)...)
}

// start runs a daemon in the foreground (as the user as, "" for root);
// stop ends it by its PID.
func (c *cluster) start(as, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Env = c.env
	if as != "" {
		u, err := user.Lookup(as)
		if err != nil {
			c.t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	log, err := os.Create(filepath.Join(c.dir, filepath.Base(name)+".out"))
	if err != nil {
		c.t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		c.t.Fatalf("%s: %v", name, err)
	}
	c.procs = append(c.procs, cmd)
}

func (c *cluster) stop() {
	for i := len(c.procs) - 1; i >= 0; i-- {
		p := c.procs[i]
		p.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			p.Process.Kill()
			<-done
		}
	}
}

// newCluster starts munged, slurmctld and slurmd with a slurm.conf of its
// own and waits for the node to be idle.
func newCluster(t *testing.T) *cluster {
	dir := t.TempDir()
	c := &cluster{t: t, dir: dir}
	t.Cleanup(func() {
		c.stop()
		if t.Failed() {
			for _, f := range []string{"slurmctld.log", "slurmd.log", "munged.out", "slurmctld.out", "slurmd.out"} {
				b, _ := os.ReadFile(filepath.Join(dir, f))
				t.Logf("== %s:\n%s", f, tail(string(b), 3000))
			}
		}
	})
	host := strings.TrimSpace(must(t, nil, "", "hostname", "-s"))
	// MUNGE: /run/munge owned by munge, a key, and munged — unless one
	// already answers on the default socket.
	must(t, nil, "", "mkdir", "-p", "/run/munge")
	must(t, nil, "", "chown", "munge:munge", "/run/munge")
	if _, err := os.Stat("/etc/munge/munge.key"); err != nil {
		must(t, nil, "", "runuser", "-u", "munge", "--", "mungekey", "--create")
	}
	c.env = append(os.Environ(), "SLURM_CONF="+filepath.Join(dir, "slurm.conf"))
	mungeOK := func() bool {
		_, err := sh(t, nil, "", "bash", "-c", "munge -n | unmunge")
		return err == nil
	}
	if !mungeOK() {
		c.start("munge", "munged", "-F")
		for i := 0; !mungeOK(); i++ {
			if i > 50 {
				t.Fatalf("munged did not start")
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	memMB := 1024
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int
		fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(strings.Split(string(b), "\n")[0], "MemTotal:")), "%d", &kb)
		memMB = max(memMB, kb/1024*9/10)
	}
	for _, d := range []string{"state", "spool"} {
		must(t, nil, "", "mkdir", "-p", filepath.Join(dir, d))
	}
	conf := fmt.Sprintf(`ClusterName=sgdlabtest
SlurmctldHost=%[1]s
SlurmUser=root
SlurmdUser=root
SlurmctldPort=26817
SlurmdPort=26818
AuthType=auth/munge
StateSaveLocation=%[3]s/state
SlurmdSpoolDir=%[3]s/spool
SlurmctldPidFile=%[3]s/slurmctld.pid
SlurmdPidFile=%[3]s/slurmd.pid
SlurmctldLogFile=%[3]s/slurmctld.log
SlurmdLogFile=%[3]s/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=%[1]s CPUs=%[4]d RealMemory=%[5]d State=UNKNOWN
PartitionName=test Nodes=%[1]s Default=YES MaxTime=INFINITE State=UP
`, host, "", dir, runtime.NumCPU(), memMB)
	if err := os.WriteFile(filepath.Join(dir, "slurm.conf"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	c.start("", "slurmctld", "-D", "-i", "-f", filepath.Join(dir, "slurm.conf"))
	c.start("", "slurmd", "-D", "-f", filepath.Join(dir, "slurm.conf"))
	deadline := time.Now().Add(60 * time.Second)
	for {
		out, _ := sh(t, c.env, "", "sinfo", "-h", "-o", "%T")
		if strings.TrimSpace(out) == "idle" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the node is not idle after 60 s: sinfo says %q", out)
		}
		time.Sleep(500 * time.Millisecond)
	}
	return c
}

// jobs lists the job IDs squeue shows (array tasks as JOB_i).
func (c *cluster) jobs() []string {
	out := must(c.t, c.env, "", "squeue", "-h", "-r", "-o", "%i %T %r")
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l != "" {
			ids = append(ids, l)
		}
	}
	return ids
}

// wait polls squeue (accounting is off) until keep says no listed job is
// left to wait for.
func (c *cluster) wait(what string, left func(jobs []string) bool) {
	deadline := time.Now().Add(5 * time.Minute)
	for {
		js := c.jobs()
		if !left(js) {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: jobs still queued after 5 minutes: %v", what, js)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

func queued(js []string) bool { return len(js) > 0 }

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

func digest(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}

// same compares the files of a merge with those of the one-machine run.
func same(t *testing.T, dir string, pairs map[string]string) {
	t.Helper()
	for merged, one := range pairs {
		if a, b := digest(t, filepath.Join(dir, merged)), digest(t, filepath.Join(dir, one)); a != b {
			t.Errorf("%s (sha256 %s) differs from the one-machine %s (sha256 %s)", merged, a[:12], one, b[:12])
		} else {
			t.Logf("%s = %s: sha256 %s", merged, one, a[:16])
		}
	}
}

func cli(t *testing.T) string {
	bin := os.Getenv("SGDLAB_CLI")
	if bin == "" {
		skip(t, "SGDLAB_CLI is not set (make cluster sets it)")
	}
	return bin
}

// submit writes the job script of args into a new directory and submits
// it with sbatch from there, with env added.
func (c *cluster) script(bin, dir string, args ...string) {
	t := c.t
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := must(t, c.env, dir, bin, args...)
	if err := os.WriteFile(filepath.Join(dir, "job.sh"), []byte(s), 0o755); err != nil {
		t.Fatal(err)
	}
}

func (c *cluster) sbatch(dir string, env ...string) string {
	return strings.TrimSpace(must(c.t, append(append([]string(nil), c.env...), env...), dir, "sbatch", "--parsable", "job.sh"))
}

// log is the output of the submit job id in dir.
func log(t *testing.T, dir, id string) string {
	b, err := os.ReadFile(filepath.Join(dir, "sgdlab-submit-"+id+".out"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSlurm(t *testing.T) {
	if runtime.GOOS != "linux" {
		skip(t, "Slurm runs on Linux")
	}
	if os.Geteuid() != 0 {
		skip(t, "not root: cannot install and start slurmctld, slurmd and munged")
	}
	bin := cli(t)
	install(t)
	c := newCluster(t)
	work := t.TempDir()
	start := time.Now()

	// Two labs and a grid, each submitted as its own job script.
	v, k, g := filepath.Join(work, "variance"), filepath.Join(work, "critical"), filepath.Join(work, "grid")
	c.script(bin, v, "-link", varianceLink, "-slurm", "-shards", strconv.Itoa(shards), "-j", "1", "-time", "10")
	c.script(bin, k, "-link", criticalLink, "-slurm", "-shards", strconv.Itoa(shards), "-j", "1", "-time", "10")
	c.script(bin, g, "-link", gridLink, "-grid", gridSpec, "-slurm", "-shards", "2", "-j", "1", "-time", "10")
	for _, d := range []string{v, k, g} {
		c.sbatch(d)
	}
	c.wait("the jobs", queued)
	t.Logf("three job scripts (%d + %d + %d array tasks and their merges) ran in %v", shards, shards, 4*2, time.Since(start).Round(time.Second))
	for _, d := range []string{v, k, g} {
		if outs, _ := filepath.Glob(filepath.Join(d, "sgdlab-*.out")); t.Failed() || len(outs) == 0 {
			t.Logf("%s: %v", d, outs)
		}
	}

	// The one-machine runs, by the same binary.
	must(t, nil, v, bin, "-link", varianceLink, "-out", "one.csv", "-json", "one.json", "-txt", "one.txt", "-readout", "none")
	must(t, nil, k, bin, "-link", criticalLink, "-out", "one.csv", "-json", "one.json", "-txt", "one.txt", "-readout", "none")
	must(t, nil, g, bin, "-link", gridLink, "-grid", gridSpec, "-out", "one.csv", "-json", "one.json", "-txt", "one.txt", "-summary", "one-summary", "-readout", "none")
	for _, x := range []struct{ dir, name string }{{v, "variance"}, {k, "critical"}} {
		same(t, x.dir, map[string]string{x.name + ".csv": "one.csv", x.name + ".json": "one.json", x.name + ".readout.txt": "one.txt"})
	}
	pairs := map[string]string{"critical-summary.csv": "one-summary.csv", "critical-summary.md": "one-summary.md"}
	for _, p := range []string{"sigma-4_dataset-fashion", "sigma-4_dataset-mnist", "sigma-8_dataset-fashion", "sigma-8_dataset-mnist"} {
		for _, e := range []string{"csv", "json"} {
			pairs["critical-"+p+"."+e] = "one-" + p + "." + e
		}
		pairs["critical-"+p+".readout.txt"] = "one-" + p + ".txt"
	}
	same(t, g, pairs)
	if t.Failed() {
		return
	}

	// A cancelled array task: the merge names the missing shard, and
	// submitting the script again runs just that shard, then the merge.
	r := filepath.Join(work, "rerun")
	c.script(bin, r, "-link", varianceLink, "-slurm", "-shards", strconv.Itoa(shards), "-j", "1", "-time", "10")
	id := c.sbatch(r, "SGDLAB_SBATCH=--hold")
	c.wait("the held submit job", func(js []string) bool {
		for _, j := range js {
			if strings.HasPrefix(j, id+" ") {
				return true
			}
		}
		return false
	})
	sub := log(t, r, id)
	m := regexp.MustCompile(`job array (\d+): tasks 0,1,2`).FindStringSubmatch(sub)
	mm := regexp.MustCompile(`merge as job (\d+)`).FindStringSubmatch(sub)
	if m == nil || mm == nil {
		t.Fatalf("the submit job's output names no array of 3 tasks and merge:\n%s", sub)
	}
	array, merge := m[1], mm[1]
	must(t, c.env, "", "scancel", array+"_1")
	must(t, c.env, "", "scontrol", "release", array)
	c.wait("the array", func(js []string) bool {
		for _, j := range js {
			if strings.HasPrefix(j, array+"_") {
				return true
			}
		}
		return false
	})
	parts, _ := filepath.Glob(filepath.Join(r, "*.part"))
	out, err := sh(t, nil, r, bin, append([]string{"-merge", "-out", "x.csv"}, parts...)...)
	if err == nil || !strings.Contains(out, "shard 1 of 3 missing") || !strings.Contains(out, "-shard 1/3 -out") {
		t.Fatalf("merge without the cancelled shard: %v\n%s", err, out)
	}
	t.Logf("the merge without the cancelled task says:\n%s", out)
	if _, err := os.Stat(filepath.Join(r, "variance.csv")); err == nil {
		t.Fatal("the merge job ran though a task was cancelled")
	}
	must(t, c.env, "", "scancel", merge)
	c.wait("the cancelled merge", queued)
	id = c.sbatch(r)
	c.wait("the resubmission", queued)
	if sub := log(t, r, id); !strings.Contains(sub, "submitted 1 shard task(s)") || !strings.Contains(sub, "tasks 1\n") {
		t.Errorf("the resubmission did not submit just shard 1:\n%s", sub)
	}
	must(t, nil, r, bin, "-link", varianceLink, "-out", "one.csv", "-json", "one.json", "-txt", "one.txt", "-readout", "none")
	same(t, r, map[string]string{"variance.csv": "one.csv", "variance.json": "one.json", "variance.readout.txt": "one.txt"})

	// The sizes docs/cluster.md quotes.
	var sizes bytes.Buffer
	for _, d := range []string{v, k} {
		ps, _ := filepath.Glob(filepath.Join(d, "*.part"))
		for _, p := range ps {
			st, _ := os.Stat(p)
			fmt.Fprintf(&sizes, "%s: %d bytes\n", filepath.Base(p), st.Size())
		}
		script, _ := os.ReadFile(filepath.Join(d, "job.sh"))
		var mem int
		if m := regexp.MustCompile(`--array=\S+ --ntasks=1 \\\n\s*--cpus-per-task=\d+ --mem=(\d+)M`).FindSubmatch(script); m != nil {
			mem, _ = strconv.Atoi(string(m[1]))
		}
		outs, _ := filepath.Glob(filepath.Join(d, "sgdlab-shard-*.out"))
		for _, o := range outs {
			b, _ := os.ReadFile(o)
			fmt.Fprintf(&sizes, "%s: %s", filepath.Base(o), b)
			// The lab's memory plan covers what the task used.
			m := regexp.MustCompile(`peak memory (\d+) MiB`).FindSubmatch(b)
			if m == nil || mem == 0 {
				t.Errorf("%s: no peak memory in the task's output, or no --mem in the script (%d)", o, mem)
				continue
			}
			if used, _ := strconv.Atoi(string(m[1])); used > mem {
				t.Errorf("%s: the task used %d MiB, the script asked for %d", o, used, mem)
			}
		}
		fmt.Fprintf(&sizes, "--mem=%dM\n", mem)
	}
	t.Logf("parts and tasks:\n%s", sizes.String())
}
