# qemu/common.sh: what qemu/lab (the QEMU stage) and qemu/sim-lab (the cross-check with the
# simulator) share: the report, the kernel and busybox fetch, the unpacked kernel cache, the
# initramfs, QEMU's exit status and the byte-exact comparison. Sourced, never run:
#
#   lab=qemu/sim-lab report=$out/report.txt cache=...   # before sourcing
#   source "$root/qemu/common.sh"
#   fetch_kernel                         # kernel_deb, busybox; reports "fetch"
#   unpack_kernel                        # kernel_dir (vmlinuz, modules/*.ko)
#   make_rootfs "$work/root" "$root/qemu/guest/init" PROGRAM...
#   pack_initramfs "$work/root" "$work/initrd.gz"    # initrd_size
#   compare_files "$got" "$want" "lpt0.bin"          # a report line, or a failure
#
# docs/qemu.md describes both labs.

# shellcheck shell=bash
# The sourcing script sets lab, report, cache and qemu_timeout; the variables set here are the
# results it reads.
# shellcheck disable=SC2154,SC2034

# --- the report ---------------------------------------------------------------------------------

die() {
  echo "$lab: $*" >&2
  exit 1
}
# say TOPIC TEXT: one line of the report, on stdout and in $report.
say() { printf '%-7s %s\n' "$1" "$2" | tee -a "$report"; }
start() { stage_start=$EPOCHREALTIME; }
elapsed() { awk -v a="$stage_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f s", b - a }'; }

failures=0
failed() {
  say FAIL "$1"
  failures=$((failures + 1))
}

# need TOOL PACKAGE
need() { command -v "$1" >/dev/null || die "$1 is missing: apt-get install $2 (scripts/setup)"; }
need_lab_tools() {
  need qemu-system-x86_64 qemu-system-x86
  need cpio cpio
  need readelf binutils
  local tool
  for tool in apt-get apt-cache dpkg-deb gzip timeout cmp od; do need "$tool" "$tool"; done
}

# The initramfs has no dynamic loader and no libraries.
check_static() {
  [[ -x $1 ]] || die "$1 is missing; $2"
  [[ $(readelf -l "$1") != *INTERP* ]] || die "$1 is dynamically linked; build it with preset static"
}

# --- fetch: the kernel and busybox packages, cached -------------------------------------------

# apt-get download, retried once after `apt-get update` when the lists are stale (security
# updates replace the kernel package and the mirror drops the old one).
download() {
  (cd "$cache/debs" && apt-get download -q "$1" >"$cache/apt.log" 2>&1) && return
  if ((EUID == 0)); then
    apt-get update -qq && (cd "$cache/debs" && apt-get download -q "$1" >"$cache/apt.log" 2>&1) &&
      return
  fi
  cat "$cache/apt.log" >&2
  die "cannot download $1 (apt-get update may help)"
}

# The newest .deb of a package in the cache, downloaded if there is none.
cached_deb() {
  local debs=("$cache/debs/$1"_*.deb)
  [[ -e ${debs[0]} ]] || download "$1"
  debs=("$cache/debs/$1"_*.deb)
  printf '%s\n' "${debs[@]}" | sort -V | tail -n 1
}

# Sets kernel_deb and busybox, and reports the step.
fetch_kernel() {
  start
  mkdir -p "$cache/debs"
  # linux-image-amd64 depends on the current ABI's package: linux-image-6.1.0-NN-amd64. Never the
  # cloud kernel: it is built without parport.
  local kernel_package
  kernel_package=$(apt-cache depends linux-image-amd64 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
  [[ -n $kernel_package ]] || die "apt-cache knows no linux-image-amd64; run apt-get update"
  [[ $kernel_package != *cloud* ]] || die "$kernel_package is a cloud kernel, which has no parport"
  local fetched=cached
  compgen -G "$cache/debs/${kernel_package}_*.deb" >/dev/null || fetched=downloaded
  kernel_deb=$(cached_deb "$kernel_package")
  # Security updates bring a new ABI, hence a new package: drop the kernels it replaced.
  local old
  for old in "$cache"/debs/linux-image-*.deb "$cache"/kernel/*; do
    [[ -e $old && $(basename "$old" .deb) != $(basename "$kernel_deb" .deb) ]] || continue
    rm -rf "$old"
  done
  if [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null) == 'install ok installed' ]]; then
    busybox=/bin/busybox
  else
    local busybox_deb
    busybox_deb=$(cached_deb busybox-static)
    mkdir -p "$cache/busybox"
    dpkg-deb --fsys-tarfile "$busybox_deb" | tar -x -C "$cache/busybox" ./bin/busybox
    busybox=$cache/busybox/bin/busybox
  fi
  say fetch "$(elapsed)  $(basename "$kernel_deb") ($fetched)"
}

# --- build: kernel and modules (unpacked once per package), initramfs --------------------------

modules=(parport parport_pc ppdev lp)

# Sets kernel_dir: vmlinuz and modules/*.ko, unpacked once per package into the cache.
unpack_kernel() {
  kernel_dir=$cache/kernel/$(basename "$kernel_deb" .deb)
  [[ -e $kernel_dir/complete ]] && return
  rm -rf "$kernel_dir" && mkdir -p "$kernel_dir/unpacked" "$kernel_dir/modules"
  dpkg-deb --fsys-tarfile "$kernel_deb" | tar -x -C "$kernel_dir/unpacked" --wildcards \
    './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/parport/parport.ko*' \
    './lib/modules/*/kernel/drivers/parport/parport_pc.ko*' \
    './lib/modules/*/kernel/drivers/char/ppdev.ko*' './lib/modules/*/kernel/drivers/char/lp.ko*'
  mv "$kernel_dir"/unpacked/boot/vmlinuz-* "$kernel_dir/vmlinuz"
  # Debian 12 ships plain .ko files; later kernels compress them, and busybox insmod cannot read
  # compressed modules.
  local module file
  for module in "${modules[@]}"; do
    file=$(find "$kernel_dir/unpacked" -name "$module.ko*" | head -n 1)
    case "$file" in
      *.ko) cp "$file" "$kernel_dir/modules/" ;;
      *.ko.xz) need xz xz-utils && xz -dc "$file" >"$kernel_dir/modules/$module.ko" ;;
      *.ko.zst) need zstd zstd && zstd -dcq "$file" >"$kernel_dir/modules/$module.ko" ;;
      *) die "$(basename "$kernel_deb") has no $module module" ;;
    esac
  done
  rm -rf "$kernel_dir/unpacked"
  touch "$kernel_dir/complete"
}

# make_rootfs DIR INIT PROGRAM...: busybox, the modules, INIT as /init, and the programs in /bin,
# listed in /etc/parclass/programs. Sets program_names.
make_rootfs() {
  local rootfs=$1 init=$2 program
  shift 2
  rm -rf "$rootfs"
  mkdir -p "$rootfs"/{bin,dev,proc,sys,tmp,lib/modules,etc/parclass}
  cp "$busybox" "$rootfs/bin/busybox"
  cp "$kernel_dir"/modules/*.ko "$rootfs/lib/modules/"
  cp "$init" "$rootfs/init"
  chmod 755 "$rootfs/init"
  program_names=()
  for program in "$@"; do
    cp "$program" "$rootfs/bin/"
    program_names+=("$(basename "$program")")
  done
  printf '%s\n' "${program_names[@]}" >"$rootfs/etc/parclass/programs"
}

# pack_initramfs DIR FILE: the tree as a gzipped newc cpio archive. Sets initrd_size (bytes).
pack_initramfs() {
  (cd "$1" && find . | cpio -o -H newc --quiet) | gzip -1 >"$2"
  initrd_size=$(wc -c <"$2")
}

# --- boot and verify ----------------------------------------------------------------------------

# qemu_version: QEMU's version, as "7.2.22".
qemu_version() { qemu-system-x86_64 --version | awk 'NR == 1 { print $4 }'; }

# check_qemu_status STATUS: timeout's 124 and 137 are QEMU killed; anything else nonzero failed.
check_qemu_status() {
  if (($1 == 124 || $1 == 137)); then
    failed "QEMU killed after ${qemu_timeout} s (PARCLASS_QEMU_TIMEOUT)"
  elif (($1 != 0)); then
    failed "QEMU exit status $1"
  fi
}

# byte_at FILE OFFSET: the byte there, as 0x4f.
byte_at() { od -An -tx1 -j "$2" -N 1 "$1" | awk '{ print "0x" $1 }'; }

# compare_files GOT WANT NAME: a report line when the files are identical; otherwise a failure
# naming the first differing offset and both bytes there.
compare_files() {
  local got=$1 want=$2 name=$3
  [[ -e $got ]] || : >"$got"
  if cmp -s "$got" "$want"; then
    say verify "$name $(wc -c <"$got") bytes, identical to $(basename "$want")"
    return
  fi
  local sizes difference offset
  sizes="got $(wc -c <"$got") bytes, want $(wc -c <"$want")"
  difference=$(cmp "$got" "$want" 2>&1 | head -n 1) || true
  if [[ $difference =~ differ:\ (byte|char)\ ([0-9]+) ]]; then
    offset=$((BASH_REMATCH[2] - 1))
    failed "$name differs from $(basename "$want") at offset $offset: got $(byte_at "$got" "$offset"), want $(byte_at "$want" "$offset") ($sizes)"
  elif [[ $difference =~ EOF\ on\ .*\ after\ byte\ ([0-9]+) ]]; then
    failed "$name differs from $(basename "$want") at offset ${BASH_REMATCH[1]}: one ends there ($sizes)"
  else
    failed "$name differs from $(basename "$want") at offset 0 ($sizes)"
  fi
}

# trace_table CONSOLE NAMES LENGTHS: QEMU's port accesses per phase, from a console log that holds
# QEMU's parallel_* trace events. A phase runs from its "@@MARK <name>" line to the next marker;
# NAMES and LENGTHS (space-separated) give the bytes of the phases that move a known count, whose
# rows get accesses per byte.
trace_table() {
  awk -v names="$2" -v lengths="$3" '
    BEGIN {
      n = split(names, name, " "); split(lengths, length_of, " ")
      for (i = 1; i <= n; ++i) bytes[name[i]] = length_of[i]
      phase = "firmware"; order[++phases] = phase
    }
    match($0, /@@MARK [^ ]+/) {
      phase = substr($0, RSTART + 7, RLENGTH - 7)
      if (!(phase in seen)) { seen[phase] = 1; order[++phases] = phase }
      next
    }
    /parallel_ioport_read/ { ++reads[phase] }
    /parallel_ioport_write/ { ++writes[phase] }
    END {
      printf "%-7s %-28s %8s %9s %8s %8s %9s\n", "trace", "phase", "bytes", "accesses", "reads",
             "writes", "per byte"
      for (i = 1; i <= phases; ++i) {
        p = order[i]; total = reads[p] + writes[p]
        if (total == 0 && !(p in bytes)) continue
        per = (p in bytes) ? sprintf("%.3f", total / bytes[p]) : "-"
        printf "%-7s %-28s %8s %9d %8d %8d %9s\n", "", p, (p in bytes) ? bytes[p] : "-", total,
               reads[p], writes[p], per
      }
    }' "$1"
}
