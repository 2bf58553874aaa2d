# Sourced by with-emulator.sh and demo.sh: reads a field of the emulator's start-up JSON line.
#   emulator_field "$line" url | token | environmentIds.0
emulator_field() {
  node -e 'let v = JSON.parse(process.argv[1]); for (const k of process.argv[2].split(".")) v = v[k]; console.log(v)' "$1" "$2"
}
