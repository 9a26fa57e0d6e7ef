"""Writes the bundled sample dump (samples/): invented items in several formats and encodings.

Everything here is fictitious. Run again to regenerate; `make run` processes the folder.
"""

from __future__ import annotations

import datetime as dt
import io
import tarfile
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "samples"

FR = """PARQUET DU TRIBUNAL JUDICIAIRE DE LILLE
Lille, le 2 novembre 2026

Objet : demande d'entraide pénale internationale – escroquerie en bande organisée

Monsieur le Procureur,

Dans le cadre d'une enquête préliminaire des chefs d'escroquerie et de blanchiment, j'ai l'honneur
de solliciter l'audition de M. Arnaud FICTIF, né le 4 mai 1980, en qualité de témoin.
Le mis en cause, Bruno EXEMPLE, est placé en détention provisoire jusqu'au 15 janvier 2027.
Les fonds ont transité par le compte FR76 3000 6000 0112 3456 7890 189.

Je vous serais obligé de bien vouloir exécuter la présente demande dans un délai d'un mois.

Le procureur de la République
Claire MODELE
"""

DE = """Staatsanwaltschaft Musterstadt
Musterstadt, den 20. Oktober 2026

Europäische Ermittlungsanordnung - Computerbetrug

Der Beschuldigte Max Beispiel (geb. 01.02.1975) soll über gefälschte Online-Shops Zahlungen
erschlichen haben. Wir bitten um Sicherung der Bestandsdaten zu der IP-Adresse 203.0.113.45
sowie um Auskunft über das Konto DE89 3704 0044 0532 0130 00.
Eine Erledigung bis zum 30. November 2026 wird erbeten.
"""

ES = """FISCALÍA PROVINCIAL DE EJEMPLO
Solicitud de asistencia judicial: tráfico de drogas.
El investigado, Juan Ficticio, fue detenido el 3 de octubre de 2026 con 12 kg de cocaína.
Se ruega la remisión de los registros de llamadas del número +34 600 000 000.
"""

IT = [
    "PROCURA DELLA REPUBBLICA - UFFICIO ESEMPIO",
    "Richiesta di assistenza giudiziaria in materia penale.",
    "L'indagato Mario Inventato e accusato di riciclaggio di denaro.",
    "Si chiede di acquisire la documentazione bancaria entro trenta giorni.",
]

NL = [
    "Openbaar Ministerie - Arrondissementsparket Voorbeeld",
    "Verzoek om rechtshulp in verband met mensenhandel.",
    "De verdachte Jan Verzonnen wordt verdacht van uitbuiting van arbeidsmigranten.",
    "Wij verzoeken u de getuige te horen over de werkomstandigheden.",
]

PL = """Prokuratura Rejonowa w Przykładowie
Wniosek o pomoc prawną w sprawie oszustwa. Podejrzany Jan Przykładowy działał wspólnie z innymi osobami.
"""


def main() -> None:
    (OUT / "letters").mkdir(parents=True, exist_ok=True)
    (OUT / "letters" / "demande_fr.txt").write_text(FR, encoding="utf-8")
    (OUT / "letters" / "ermittlungsanordnung_de.txt").write_bytes(DE.encode("latin-1"))
    (OUT / "letters" / "solicitud_es.txt").write_text(ES, encoding="utf-16")
    (OUT / "letters" / "copy_of_demande_fr.txt").write_text(FR, encoding="utf-8")  # a duplicate

    mail = EmailMessage()
    mail["From"] = "liaison.officer@example.org"
    mail["To"] = "central.authority@example.net"
    mail["Date"] = "Mon, 16 Nov 2026 09:30:00 +0100"
    mail["Subject"] = "Fwd: request for assistance, documents attached"
    mail.set_content("Dear colleague,\n\nplease find attached the request and the annex.\n\nKind regards")
    mail.add_attachment(PL.encode("utf-8"), maintype="text", subtype="plain", filename="wniosek_pl.txt")
    (OUT / "mail").mkdir(exist_ok=True)
    (OUT / "mail" / "forwarded_request.eml").write_bytes(bytes(mail))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("annexes/annex_1_de.txt", DE)
        zf.writestr("annexes/mail.eml", bytes(mail))
    inner = buffer.getvalue()
    with tarfile.open(OUT / "dump.tar.gz", "w:gz") as tf:
        info = tarfile.TarInfo("exports/annexes.zip")
        info.size = len(inner)
        info.mtime = 1_790_000_000
        tf.addfile(info, io.BytesIO(inner))
    (OUT / "unreadable.bin").write_bytes(bytes(range(256)) * 8)

    (OUT / "scans").mkdir(exist_ok=True)
    page = scanned_page(IT)
    page.save(OUT / "scans" / "richiesta_it.png")
    page.save(OUT / "scans" / "richiesta_it_scan.pdf", resolution=200)
    (OUT / "office").mkdir(exist_ok=True)
    document = docx.Document()
    for line in NL:
        document.add_paragraph(line)
    document.core_properties.created = dt.datetime(2026, 11, 2)
    document.save(str(OUT / "office" / "rechtshulpverzoek_nl.docx"))


def scanned_page(lines: list[str]) -> Image.Image:
    """A page as a scanner gives it: black text on white, 200 dpi, no text layer."""
    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font = ImageFont.truetype(str(font_file), 30) if font_file.exists() else ImageFont.load_default()
    image = Image.new("L", (1650, 700), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((80, 80 + 70 * number), line, fill=0, font=font)
    return image


if __name__ == "__main__":
    main()
