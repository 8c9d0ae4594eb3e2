#!/usr/bin/env bash
# Makes the TLS material of the broker's external SASL_SSL listener:
#   <out>/kafka-ca/ca.key   the CA's private key (mode 0600; keep it here or offline, never mounted anywhere)
#   <out>/kafka-ca/ca.crt   the CA certificate
#   <out>/kafka/broker.p12  the broker's key and certificate chain, PKCS12, password $KAFKA_SSL_KEYSTORE_PASSWORD
#                           (this folder is what compose mounts read-only at /etc/kafka/secrets)
#   <out>/kafka/ca.crt      a copy of the CA certificate: give it to client clusters (the chart's tls.caSecret)
# An existing CA is reused, so running it again (a new address, a renewal) issues a new broker certificate that
# clients already trust. Uses openssl when present, else the JDK's keytool (KG_CERT_TOOL=openssl|keytool forces one).
#
# usage: KAFKA_SSL_KEYSTORE_PASSWORD=... compose/kafka-certs.sh <out-dir> <name-or-ip> [<name-or-ip>...]
#   every <name-or-ip> is a subject alternative name: the addresses client clusters use in client.kafka.brokers
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: KAFKA_SSL_KEYSTORE_PASSWORD=... $0 <out-dir> <name-or-ip> [<name-or-ip>...]" >&2
  exit 2
fi
: "${KAFKA_SSL_KEYSTORE_PASSWORD:?set KAFKA_SSL_KEYSTORE_PASSWORD (the value in compose/.env)}"
if [[ ${#KAFKA_SSL_KEYSTORE_PASSWORD} -lt 12 ]]; then
  echo "KAFKA_SSL_KEYSTORE_PASSWORD must have at least 12 characters" >&2
  exit 2
fi
out=$1; shift
days=${KG_CERT_DAYS:-825}
tool=${KG_CERT_TOOL:-}
if [[ -z $tool ]]; then
  if command -v openssl >/dev/null 2>&1; then tool=openssl; else tool=keytool; fi
fi

san=""
declare -A seen=()
for name in "$@"; do
  [[ -n ${seen[$name]:-} ]] && continue
  seen[$name]=1
  if [[ $name =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ || $name == *:* ]]; then entry="IP:$name"; else entry="DNS:$name"; fi
  san=${san:+$san,}$entry
done

umask 077
mkdir -p "$out/kafka-ca" "$out/kafka"
ca_dir=$out/kafka-ca
broker_dir=$out/kafka
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

with_openssl() {
  if [[ ! -f $ca_dir/ca.key ]]; then
    openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -keyout "$ca_dir/ca.key" -out "$ca_dir/ca.crt" \
      -subj "/CN=kg-rca Kafka CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  fi
  openssl req -newkey rsa:3072 -sha256 -nodes -keyout "$work/broker.key" -out "$work/broker.csr" -subj "/CN=$1" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\n' \
    "$san" > "$work/ext.cnf"
  openssl x509 -req -in "$work/broker.csr" -CA "$ca_dir/ca.crt" -CAkey "$ca_dir/ca.key" -CAcreateserial \
    -CAserial "$ca_dir/ca.srl" -days "$days" -sha256 -extfile "$work/ext.cnf" -out "$work/broker.crt" 2>/dev/null
  openssl pkcs12 -export -in "$work/broker.crt" -inkey "$work/broker.key" -certfile "$ca_dir/ca.crt" -name kafka \
    -out "$work/broker.p12" -passout env:KAFKA_SSL_KEYSTORE_PASSWORD
}

with_keytool() {
  local kt=keytool
  if ! command -v keytool >/dev/null 2>&1 && [[ -n ${JAVA_HOME:-} ]]; then kt=$JAVA_HOME/bin/keytool; fi
  local pw=$KAFKA_SSL_KEYSTORE_PASSWORD
  if [[ ! -f $ca_dir/ca.p12 ]]; then
    "$kt" -genkeypair -alias ca -keyalg RSA -keysize 3072 -validity 3650 -dname "CN=kg-rca Kafka CA" \
      -ext bc:c=ca:true -ext ku:c=keyCertSign,cRLSign -keystore "$ca_dir/ca.p12" -storetype PKCS12 \
      -storepass "$pw" -keypass "$pw" >/dev/null 2>&1
    "$kt" -exportcert -rfc -alias ca -keystore "$ca_dir/ca.p12" -storepass "$pw" -file "$ca_dir/ca.crt" >/dev/null 2>&1
  fi
  "$kt" -genkeypair -alias kafka -keyalg RSA -keysize 3072 -validity "$days" -dname "CN=$1" \
    -keystore "$work/broker.p12" -storetype PKCS12 -storepass "$pw" -keypass "$pw" >/dev/null 2>&1
  "$kt" -certreq -alias kafka -keystore "$work/broker.p12" -storepass "$pw" -file "$work/broker.csr" >/dev/null 2>&1
  "$kt" -gencert -alias ca -keystore "$ca_dir/ca.p12" -storepass "$pw" -infile "$work/broker.csr" -rfc \
    -validity "$days" -ext "SAN=${san//IP:/ip:}" -ext EKU=serverAuth -ext ku:c=digitalSignature,keyEncipherment \
    -outfile "$work/broker.crt" >/dev/null 2>&1
  "$kt" -importcert -noprompt -alias ca -file "$ca_dir/ca.crt" -keystore "$work/broker.p12" -storepass "$pw" >/dev/null 2>&1
  "$kt" -importcert -alias kafka -file "$work/broker.crt" -keystore "$work/broker.p12" -storepass "$pw" >/dev/null 2>&1
}

case $tool in
  openssl) with_openssl "$1" ;;
  keytool) with_keytool "$1" ;;
  *) echo "KG_CERT_TOOL must be openssl or keytool" >&2; exit 2 ;;
esac

install -m 0644 "$work/broker.p12" "$broker_dir/broker.p12"
install -m 0644 "$ca_dir/ca.crt" "$broker_dir/ca.crt"
chmod 0600 "$ca_dir"/ca.* 2>/dev/null || true
chmod 0644 "$ca_dir/ca.crt"
chmod 0755 "$broker_dir"
echo "broker certificate for $san (valid $days days, made with $tool): $broker_dir/broker.p12"
echo "CA certificate for client clusters: $broker_dir/ca.crt"
