// Package slurm writes the batch script that runs a link's shards (sgdlab
// -shard, sim/lab/part) as a Slurm job array and merges them: submitted with
// sbatch from a directory, it leaves there every part, and for each link
// (one per grid point) the merged CSV, JSON and readout.
//
// The script plays three roles, chosen by SGDLAB_ROLE. Submitted (the
// default role), it lists the parts not yet in the directory and submits
// itself twice: as a job array of those shards (SGDLAB_ROLE=task; task t
// runs shard t mod K of link t div K) and as the merge job after it
// (SGDLAB_ROLE=merge, --dependency=afterok). So after a failure, submitting
// it again runs only the missing shards, then the merge.
package slurm

import (
	"fmt"
	"strings"
)

// Link is one link the script runs: Name prefixes its files (Name-iofK.part,
// Name.csv, Name.json, Name.readout.txt).
type Link struct {
	Name, Link string
}

// Job is what the script runs and asks Slurm for.
type Job struct {
	Binary  string // the sgdlab binary, as the nodes see it (SGDLAB overrides it when the script runs)
	Command string // the command that wrote the script, for its header
	Plan    string // where the memory and time come from, for its header
	Links   []Link
	Big     bool // -big: the links mean native-size runs
	Shards  int  // K
	CPUs    int  // --cpus-per-task, and sgdlab's -j
	MemMiB  int  // --mem of each shard and of the merge
	Minutes int  // --time of each shard and of the merge
	// Grid and Base, when Grid is not "", are the grid and its link: the
	// merge job then merges every point's parts at once, into the files
	// Prefix-<point>.csv, .json and .readout.txt (the Links' names must be
	// Prefix-<point>), and writes the grid's summary table to
	// Prefix-summary.csv and .md.
	Grid, Base, Prefix string
}

// Quote quotes s for a POSIX shell.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Script writes the batch script of j.
func Script(j Job) (string, error) {
	switch {
	case j.Shards < 1:
		return "", fmt.Errorf("slurm: %d shards", j.Shards)
	case len(j.Links) == 0:
		return "", fmt.Errorf("slurm: no links")
	case j.CPUs < 1 || j.MemMiB < 1 || j.Minutes < 1:
		return "", fmt.Errorf("slurm: %d CPUs, %d MiB, %d minutes per task", j.CPUs, j.MemMiB, j.Minutes)
	}
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	tasks := len(j.Links) * j.Shards
	w("#!/bin/bash\n")
	w("# sgdlab on a Slurm cluster: %d link(s) × %d shards = %d array tasks, then a merge job.\n", len(j.Links), j.Shards, tasks)
	w("# Written by: %s\n", j.Command)
	if j.Plan != "" {
		w("# Plan: %s\n", j.Plan)
	}
	w("#\n# Submit it from the directory that is to hold the results:   sbatch job.sh\n")
	w("# It submits the shards whose part files are missing there as one job array\n")
	w("# (%d CPU(s), %d MiB, %d min each) and a merge job after it (afterok). If tasks\n", j.CPUs, j.MemMiB, j.Minutes)
	w("# fail, submit it again: it submits only the missing shards, then the merge.\n")
	w("# SGDLAB_SBATCH='--account=… --partition=…' adds options to every sbatch it runs.\n")
	w("#SBATCH --job-name=sgdlab-submit\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=64M\n#SBATCH --time=00:10:00\n")
	w("#SBATCH --output=sgdlab-submit-%%j.out\n")
	w("set -euo pipefail\n")
	w("SGDLAB=${SGDLAB:-%s}\n", Quote(j.Binary))
	w("K=%d\n", j.Shards)
	big := ""
	if j.Big {
		big = "-big"
	}
	w("BIG=(%s)\n", big)
	w("LINKS=(\n")
	for _, l := range j.Links {
		w("  %s\n", Quote(l.Link))
	}
	w(")\nNAMES=(\n")
	for _, l := range j.Links {
		w("  %s\n", Quote(l.Name))
	}
	w(")\n")
	b.WriteString(`dir=${SGDLAB_DIR:-${SLURM_SUBMIT_DIR:-$PWD}}
cd "$dir"
part() { echo "${NAMES[$1]}-$2of$K.part"; }

case "${SGDLAB_ROLE:-submit}" in
task)
	t=$SLURM_ARRAY_TASK_ID
	p=$((t / K)) s=$((t % K))
	exec "$SGDLAB" "${BIG[@]}" -j "${SLURM_CPUS_PER_TASK:-1}" -link "${LINKS[p]}" -shard "$s/$K" -out "$(part "$p" "$s")" -readout none
	;;
merge)
	parts=()
	for p in "${!LINKS[@]}"; do
		for ((s = 0; s < K; s++)); do
			[ -e "$(part "$p" "$s")" ] && parts+=("$(part "$p" "$s")")
		done
	done
`)
	if j.Grid != "" {
		w(`	"$SGDLAB" "${BIG[@]}" -j "${SLURM_CPUS_PER_TASK:-1}" -link %s -grid %s -merge -out %s -json %s -txt %s -summary %s -readout none "${parts[@]}" || {
		echo "sgdlab: the merge failed; submit the job script again to run the missing shards" >&2; exit 1; }
`, Quote(j.Base), Quote(j.Grid), Quote(j.Prefix+".csv"), Quote(j.Prefix+".json"), Quote(j.Prefix+".readout.txt"), Quote(j.Prefix+"-summary"))
	} else {
		w(`	n=${NAMES[0]}
	"$SGDLAB" -j "${SLURM_CPUS_PER_TASK:-1}" -merge -out "$n.csv" -json "$n.json" -txt "$n.readout.txt" -readout none "${parts[@]}" || {
		echo "sgdlab: the merge failed; submit the job script again to run the missing shards" >&2; exit 1; }
`)
	}
	w(`	;;
submit)
	script=$(readlink -f "$0")
	missing=()
	for p in "${!LINKS[@]}"; do
		for ((s = 0; s < K; s++)); do
			[ -e "$(part "$p" "$s")" ] || missing+=($((p * K + s)))
		done
	done
	read -r -a extra <<< "${SGDLAB_SBATCH:-}"
	dep=()
	if [ ${#missing[@]} -gt 0 ]; then
		list=$(IFS=,; echo "${missing[*]}")
		array=$(sbatch --parsable "${extra[@]}" --job-name=sgdlab-shards --array="$list" --ntasks=1 \
			--cpus-per-task=%d --mem=%dM --time=%d --chdir="$dir" --output="$dir/sgdlab-shard-%%A_%%a.out" \
			--export=ALL,SGDLAB_ROLE=task,SGDLAB_DIR="$dir",SGDLAB="$SGDLAB" "$script")
		array=${array%%%%;*}
		dep=(--dependency=afterok:"$array")
		echo "sgdlab: submitted ${#missing[@]} shard task(s) as job array $array: tasks $list"
	else
		echo "sgdlab: every part is here; submitting the merge only"
	fi
	merge=$(sbatch --parsable "${extra[@]}" "${dep[@]}" --job-name=sgdlab-merge --ntasks=1 \
		--cpus-per-task=%d --mem=%dM --time=%d --chdir="$dir" --output="$dir/sgdlab-merge-%%j.out" \
		--export=ALL,SGDLAB_ROLE=merge,SGDLAB_DIR="$dir",SGDLAB="$SGDLAB" "$script")
	echo "sgdlab: submitted the merge as job ${merge%%%%;*}"
	;;
*)
	echo "SGDLAB_ROLE must be submit, task or merge" >&2
	exit 2
	;;
esac
`, j.CPUs, j.MemMiB, j.Minutes, j.CPUs, j.MemMiB, j.Minutes)
	return b.String(), nil
}
