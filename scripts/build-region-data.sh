#!/usr/bin/env bash
# Rebuilds the region resources embedded in Hub.Core from the Kemendagri code lists
# (wilayah-2025.csv down to villages; wilayah-2016..2023.csv down to districts).
# Usage: scripts/build-region-data.sh DIR_WITH_WILAYAH_CSVS
set -euo pipefail
src=${1:?usage: $0 DIR_WITH_WILAYAH_CSVS}
out=$(cd "$(dirname "$0")/.." && pwd)/src/Hub.Core/Regions/Data
mkdir -p "$out"
# The current list, as published (code,name).
gzip -9n < "$src/wilayah-2025.csv" > "$out/regions-2025.csv.gz"
# Codes of earlier lists that the current list no longer has, with the years that listed them:
# a NIK keeps the code of the region that issued it, even after the region was split or renumbered.
python3 - "$src" <<'PY' | gzip -9n > "$out/regions-legacy.csv.gz"
import csv, sys, os
src = sys.argv[1]
current = set()
with open(os.path.join(src, "wilayah-2025.csv"), newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        current.add(row["kode"])
seen = {}
for year in ("2016", "2018", "2020", "2022", "2023"):
    with open(os.path.join(src, f"wilayah-{year}.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["kode"]
            if code in current:
                continue
            name, years = seen.get(code, (row["nama"], []))
            years.append(year)
            seen[code] = (row["nama"], years)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["kode", "nama", "tahun"])
for code in sorted(seen):
    name, years = seen[code]
    w.writerow([code, name, "|".join(years)])
PY
# Population per province and regency (2025), used to draw realistic synthetic residents.
gzip -9n < "$src/penduduk-2025.csv" > "$out/population-2025.csv.gz"
cp "$src/LICENSE" "$out/LICENSE"
echo "wrote $(ls "$out")"
