#!/bin/sh
# A fuzz campaign as a Slurm job array: `sbatch examples/slurm-array.sh` from the repository root
# (after `npm ci`). --shard auto reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT; every task writes
# its own corpus directory. Afterwards, on any node:
#   npx hotplug-fuzz merge findings/shard-* --out findings/merged && npx hotplug-fuzz corpus check findings/merged
#SBATCH --job-name=hotplug-fuzz
#SBATCH --array=0-15
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=findings/slurm-%A_%a.out
set -u
mkdir -p findings
node dist/src/cli/main.js fuzz corpus/scenarios/*.json --kernel all \
  --seed campaign-2026-11 --runs 20000 --workers "${SLURM_CPUS_PER_TASK:-1}" --shard auto --quiet \
  --corpus "findings/shard-${SLURM_ARRAY_TASK_ID}" --junit "findings/junit-${SLURM_ARRAY_TASK_ID}.xml"
status=$?
[ "$status" -le 1 ] # 0 = nothing found, 1 = findings saved: both are a successful task
