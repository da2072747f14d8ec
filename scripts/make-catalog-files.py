#!/usr/bin/env python3
"""Generate the binary-ish files of the default service catalog.

    scripts/make-catalog-files.py            write catalog/formulir/*.pdf and catalog/contoh/*.svg
    scripts/make-catalog-files.py --check    also validate catalog/*.json against catalog/README.md

Pure Python 3 standard library; the PDF syntax is written by hand (A4, Helvetica,
WinAnsiEncoding, Flate-compressed content streams) so the output is small and
byte-for-byte reproducible.
"""

import json
import os
import re
import sys
import zlib

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
CATALOG = os.path.join(ROOT, "catalog")
FOOTER = "Formulir ini disediakan oleh Dinas Kependudukan dan Pencatatan Sipil Kabupaten Pekalongan"

# --------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------

# Advance widths (1/1000 em) of the standard Helvetica fonts for ASCII 32..126.
_HELV = [278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
         556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
         1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
         667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
         333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
         556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584]
_HELV_B = [278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
           556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
           975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
           667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
           333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
           611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584]

PAGE_W, PAGE_H = 595.28, 841.89
MARGIN = 50.0


def text_width(s, size, bold=False):
    table = _HELV_B if bold else _HELV
    total = 0
    for ch in s:
        o = ord(ch)
        total += table[o - 32] if 32 <= o <= 126 else 556
    return total * size / 1000.0


def _pdf_string(s):
    out = []
    for b in s.encode("cp1252", errors="replace"):
        if b in (0x28, 0x29, 0x5C):
            out.append("\\" + chr(b))
        elif 32 <= b <= 126:
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return "(" + "".join(out) + ")"


def _num(v):
    s = ("%.2f" % v).rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


class Form:
    """A simple flowing form: title, sections, labelled blank lines, checkboxes."""

    def __init__(self, code, title, subtitle=None):
        self.code, self.title, self.subtitle = code, title, subtitle
        self.pages = []
        self._new_page()
        self._header()

    # -- low level ---------------------------------------------------------
    def _new_page(self):
        self.ops = []
        self.pages.append(self.ops)
        self.y = PAGE_H - MARGIN

    def _text(self, x, y, s, size=9, bold=False):
        self.ops.append("BT /%s %s Tf %s %s Td %s Tj ET" % (
            "F2" if bold else "F1", _num(size), _num(x), _num(y), _pdf_string(s)))

    def _line(self, x1, y1, x2, y2, w=0.5, dash=False):
        self.ops.append("%s w %s%s %s m %s %s l S%s" % (
            _num(w), "[1 2] 0 d " if dash else "", _num(x1), _num(y1), _num(x2), _num(y2),
            " [] 0 d" if dash else ""))

    def _rect(self, x, y, w, h, fill=None, stroke=True):
        op = []
        if fill is not None:
            op.append("%s g" % _num(fill))
        op.append("%s %s %s %s re" % (_num(x), _num(y), _num(w), _num(h)))
        op.append("B" if (fill is not None and stroke) else ("f" if fill is not None else "S"))
        if fill is not None:
            op.append("0 g")
        self.ops.append("0.5 w " + " ".join(op))

    def _need(self, h):
        if self.y - h < MARGIN + 30:
            self._new_page()
            self._text(MARGIN, self.y - 8, "%s (lanjutan)" % self.code, 8, True)
            self.y -= 22

    # -- building blocks ---------------------------------------------------
    def _header(self):
        self._text(MARGIN, self.y - 9, "PEMERINTAH KABUPATEN PEKALONGAN", 9, True)
        self._text(MARGIN, self.y - 20, "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL", 9, True)
        w = text_width(self.code, 11, True) + 16
        self._rect(PAGE_W - MARGIN - w, self.y - 24, w, 20)
        self._text(PAGE_W - MARGIN - w + 8, self.y - 18, self.code, 11, True)
        self._line(MARGIN, self.y - 30, PAGE_W - MARGIN, self.y - 30, 1.2)
        self.y -= 52
        for line in self.wrap(self.title.upper(), 13, PAGE_W - 2 * MARGIN, True):
            self._text((PAGE_W - text_width(line, 13, True)) / 2, self.y, line, 13, True)
            self.y -= 16
        if self.subtitle:
            self._text((PAGE_W - text_width(self.subtitle, 9)) / 2, self.y, self.subtitle, 9)
            self.y -= 14
        self.y -= 6

    @staticmethod
    def wrap(s, size, width, bold=False):
        words, lines, cur = s.split(), [], ""
        for w in words:
            trial = (cur + " " + w).strip()
            if text_width(trial, size, bold) <= width or not cur:
                cur = trial
            else:
                lines.append(cur)
                cur = w
        if cur:
            lines.append(cur)
        return lines

    def section(self, title):
        self._need(40)
        self.y -= 4
        self._rect(MARGIN, self.y - 4, PAGE_W - 2 * MARGIN, 15, fill=0.88)
        self._text(MARGIN + 5, self.y, title.upper(), 9, True)
        self.y -= 22

    def field(self, label, lines=1):
        for i in range(lines):
            self._need(18)
            if i == 0:
                self._text(MARGIN + 5, self.y, label, 9)
                self._text(MARGIN + 175, self.y, ":", 9)
            self._line(MARGIN + 182, self.y - 2, PAGE_W - MARGIN, self.y - 2, 0.4, dash=True)
            self.y -= 17

    def fields(self, *labels):
        for label in labels:
            self.field(label)

    def choice(self, label, options):
        """A label followed by checkbox options, wrapped over several lines."""
        self._need(18)
        self._text(MARGIN + 5, self.y, label, 9)
        self._text(MARGIN + 175, self.y, ":", 9)
        x = MARGIN + 184
        for opt in options:
            w = 14 + text_width(opt, 8.5) + 12
            if x + w > PAGE_W - MARGIN:
                self.y -= 15
                self._need(15)
                x = MARGIN + 184
            self._rect(x, self.y - 1.5, 8, 8)
            self._text(x + 12, self.y, opt, 8.5)
            x += w
        self.y -= 18

    def paragraph(self, s, size=9):
        for line in self.wrap(s, size, PAGE_W - 2 * MARGIN - 10):
            self._need(14)
            self._text(MARGIN + 5, self.y, line, size)
            self.y -= 13
        self.y -= 4

    def table(self, headers, widths, rows=5):
        total = PAGE_W - 2 * MARGIN
        scale = total / float(sum(widths))
        widths = [w * scale for w in widths]
        h = 16
        self._need(h * (rows + 1) + 8)
        top = self.y + 11
        self._rect(MARGIN, top - h, total, h, fill=0.88)
        x = MARGIN
        for head, w in zip(headers, widths):
            self._text(x + 4, top - 11, head, 8, True)
            x += w
        for r in range(rows):
            self._rect(MARGIN, top - h * (r + 2), total, h)
        x = MARGIN
        for w in widths[:-1]:
            x += w
            self._line(x, top, x, top - h * (rows + 1))
        self._rect(MARGIN, top - h * (rows + 1), total, h * (rows + 1))
        self.y = top - h * (rows + 1) - 16

    def signatures(self, roles, place=True):
        self._need(100)
        self.y -= 6
        if place:
            s = "........................., ...................... 20......"
            self._text(PAGE_W - MARGIN - text_width(s, 9), self.y, s, 9)
            self.y -= 16
        n = len(roles)
        col = (PAGE_W - 2 * MARGIN) / n
        for i, role in enumerate(roles):
            cx = MARGIN + col * i + col / 2
            self._text(cx - text_width(role, 9, True) / 2, self.y, role, 9, True)
            name = "( ................................................ )"
            self._text(cx - text_width(name, 9) / 2, self.y - 62, name, 9)
        self.y -= 80

    # -- output --------------------------------------------------------------
    def to_pdf(self):
        objs = []  # object bodies, numbered from 1

        def add(body):
            objs.append(body)
            return len(objs)

        catalog = add(None)
        pages = add(None)
        f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        kids = []
        total = len(self.pages)
        for i, ops in enumerate(self.pages):
            foot = list(ops)
            foot.append("0.4 w %s %s m %s %s l S" % (_num(MARGIN), _num(MARGIN + 4), _num(PAGE_W - MARGIN), _num(MARGIN + 4)))
            foot.append("BT /F1 7.5 Tf %s %s Td %s Tj ET" % (_num(MARGIN), _num(MARGIN - 8), _pdf_string(FOOTER)))
            pg = "%s - hal. %d/%d" % (self.code, i + 1, total)
            foot.append("BT /F1 7.5 Tf %s %s Td %s Tj ET" % (
                _num(PAGE_W - MARGIN - text_width(pg, 7.5)), _num(MARGIN - 8), _pdf_string(pg)))
            data = zlib.compress("\n".join(foot).encode("latin-1"), 9)
            content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
            kids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] "
                             "/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>" % (
                                 pages, _num(PAGE_W), _num(PAGE_H), f1, f2, content)).encode()))
        objs[catalog - 1] = ("<< /Type /Catalog /Pages %d 0 R >>" % pages).encode()
        objs[pages - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>" % (
            " ".join("%d 0 R" % k for k in kids), len(kids))).encode()
        info = add(("<< /Title %s /Author %s /Subject %s /Producer (make-catalog-files.py) >>" % (
            _pdf_string("%s %s" % (self.code, self.title)),
            _pdf_string("Disdukcapil Kabupaten Pekalongan"),
            _pdf_string("Formulir Administrasi Kependudukan (Permendagri 109/2019)"))).encode())

        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for n, body in enumerate(objs, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objs) + 1, catalog, info, xref)
        return bytes(out)


WILAYAH = ["Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan"]
AGAMA = ["Islam", "Kristen", "Katolik", "Hindu", "Buddha", "Khonghucu", "Kepercayaan"]


def identitas(f, who):
    f.fields("Nama Lengkap " + who, "NIK " + who, "Nomor Kartu Keluarga")


def form_f101():
    f = Form("F-1.01", "Formulir Biodata Keluarga")
    f.section("Data Wilayah")
    f.fields(*WILAYAH)
    f.fields("Dusun/Dukuh/Kampung")
    f.section("Data Keluarga")
    f.fields("Nama Kepala Keluarga", "Nomor Kartu Keluarga (bila ada)")
    f.field("Alamat", 2)
    f.fields("RT / RW", "Kode Pos", "Nomor Telepon/HP", "Jumlah Anggota Keluarga")
    f.section("Data Anggota Keluarga (isi satu bagian untuk setiap anggota)")
    f.fields("Nama Lengkap", "NIK (bila ada)", "Alamat Sebelumnya", "Nomor Paspor (bila ada)")
    f.choice("Jenis Kelamin", ["Laki-laki", "Perempuan"])
    f.fields("Tempat Lahir", "Tanggal Lahir")
    f.choice("Akta Kelahiran", ["Tidak Ada", "Ada"])
    f.field("Nomor Akta Kelahiran")
    f.choice("Golongan Darah", ["A", "B", "AB", "O", "Tidak Tahu"])
    f.choice("Agama/Kepercayaan", AGAMA)
    f.choice("Status Perkawinan", ["Belum Kawin", "Kawin", "Cerai Hidup", "Cerai Mati"])
    f.fields("Nomor Akta Perkawinan/Buku Nikah", "Tanggal Perkawinan",
             "Nomor Akta Perceraian", "Tanggal Perceraian",
             "Status Hubungan dalam Keluarga")
    f.choice("Kelainan Fisik/Mental", ["Tidak Ada", "Ada"])
    f.fields("Penyandang Disabilitas (jenis)", "Pendidikan Terakhir", "Jenis Pekerjaan",
             "NIK Ibu", "Nama Lengkap Ibu", "NIK Ayah", "Nama Lengkap Ayah")
    f.signatures(["Kepala Keluarga", "Petugas Registrasi"])
    return f


def form_f102():
    f = Form("F-1.02", "Formulir Pendaftaran Peristiwa Kependudukan")
    f.section("Data Pemohon")
    f.fields("Nama Lengkap", "NIK", "Nomor Kartu Keluarga")
    f.field("Alamat", 2)
    f.fields("RT / RW", *WILAYAH)
    f.fields("Kode Pos", "Nomor HP (WhatsApp)", "Alamat Email")
    f.section("Jenis Permohonan")
    f.choice("Kartu Keluarga", ["Baru", "Perubahan Data", "Hilang/Rusak"])
    f.choice("KTP-el", ["Baru", "Pindah Datang", "Perubahan Data", "Hilang/Rusak"])
    f.choice("Kartu Identitas Anak", ["Baru", "Perubahan Data", "Hilang/Rusak"])
    f.choice("Surat Keterangan", ["Pindah", "Pindah Datang", "Lainnya"])
    f.section("Alasan Permohonan")
    f.choice("Karena", ["Membentuk Keluarga Baru", "Penggantian Kepala Keluarga",
                        "Pisah KK", "Pindah Datang", "Perubahan Data", "Hilang/Rusak",
                        "Lainnya"])
    f.field("Keterangan", 2)
    f.section("Anggota Keluarga yang Dimohonkan")
    f.table(["No.", "NIK", "Nama Lengkap", "SHDK"], [6, 30, 44, 20], rows=6)
    f.signatures(["Pemohon", "Petugas"])
    return f


def form_f103():
    f = Form("F-1.03", "Formulir Pendaftaran Perpindahan Penduduk")
    f.section("Data Daerah Asal")
    f.fields("Nomor Kartu Keluarga", "Nama Kepala Keluarga")
    f.field("Alamat", 2)
    f.fields("RT / RW", *WILAYAH)
    f.fields("Kode Pos", "Nomor HP (WhatsApp)")
    f.section("Data Kepindahan")
    f.choice("Alasan Pindah", ["Pekerjaan", "Pendidikan", "Keamanan", "Kesehatan",
                               "Perumahan", "Keluarga", "Lainnya"])
    f.field("Alamat Tujuan", 2)
    f.fields("RT / RW Tujuan", "Desa/Kelurahan Tujuan", "Kecamatan Tujuan",
             "Kabupaten/Kota Tujuan", "Provinsi Tujuan", "Kode Pos Tujuan")
    f.choice("Jenis Kepindahan", ["Kepala Keluarga", "KK dan Seluruh Anggota",
                                  "KK dan Sebagian Anggota", "Anggota Keluarga"])
    f.choice("Status KK Tidak Pindah", ["Numpang KK", "Membuat KK Baru", "Nomor KK Tetap"])
    f.choice("Status KK Pindah", ["Numpang KK", "Membuat KK Baru", "Nomor KK Tetap"])
    f.section("Anggota Keluarga yang Pindah")
    f.table(["No.", "NIK", "Nama Lengkap", "SHDK"], [6, 30, 44, 20], rows=6)
    f.signatures(["Pemohon", "Petugas"])
    return f


def statement_form(code, title, intro, statement, saksi=True, extra=None, first=None):
    f = Form(code, title)
    f.paragraph("Yang bertanda tangan di bawah ini:")
    if first:
        f.section(first)
    f.fields("Nama Lengkap", "NIK", "Tempat/Tanggal Lahir", "Pekerjaan")
    f.field("Alamat", 2)
    if extra:
        extra(f)
    f.paragraph(intro)
    f.paragraph(statement)
    if saksi:
        for n in ("I", "II"):
            f.section("Saksi " + n)
            f.fields("Nama Lengkap", "NIK", "Pekerjaan", "Alamat")
    f.signatures(["Saksi I", "Saksi II", "Yang Membuat Pernyataan"] if saksi
                 else ["Yang Membuat Pernyataan"])
    return f


SANKSI = ("Demikian surat pernyataan ini saya buat dengan sebenar-benarnya. Apabila di kemudian hari "
          "pernyataan ini ternyata tidak benar, saya bersedia diproses secara hukum sesuai dengan "
          "ketentuan peraturan perundang-undangan dan dokumen yang diterbitkan berdasarkan "
          "pernyataan ini menjadi tidak sah.")


def form_f104():
    return statement_form(
        "F-1.04", "Surat Pernyataan Tidak Memiliki Dokumen Kependudukan",
        "dengan ini menyatakan dengan sesungguhnya bahwa saya belum/tidak memiliki dokumen "
        "kependudukan (Kartu Keluarga, KTP-el maupun Nomor Induk Kependudukan) dan belum pernah "
        "terdaftar dalam database kependudukan.",
        SANKSI)


def form_f105():
    def pasangan(f):
        f.section("Pasangan")
        f.fields("Nama Lengkap", "NIK", "Tempat/Tanggal Lahir")
    return statement_form(
        "F-1.05", "Surat Pernyataan Tanggung Jawab Mutlak Perkawinan/Perceraian Belum Tercatat",
        "dengan ini menyatakan dengan sesungguhnya bahwa saya dan pasangan tersebut di atas telah "
        "melangsungkan perkawinan / telah bercerai* pada tanggal ..................... di "
        "................................., namun perkawinan/perceraian tersebut belum tercatat "
        "sesuai ketentuan peraturan perundang-undangan. (*coret yang tidak perlu)",
        SANKSI, extra=pasangan)


def form_f106():
    f = Form("F-1.06", "Surat Pernyataan Perubahan Elemen Data Kependudukan")
    f.paragraph("Yang bertanda tangan di bawah ini:")
    f.fields("Nama Lengkap", "NIK", "Nomor Kartu Keluarga")
    f.field("Alamat", 2)
    f.paragraph("dengan ini mengajukan perubahan elemen data kependudukan sebagai berikut:")
    f.table(["No.", "Elemen Data", "Semula", "Menjadi", "Dasar Perubahan"],
            [6, 22, 24, 24, 24], rows=6)
    f.paragraph("Demikian pernyataan ini saya buat dengan sebenar-benarnya dengan melampirkan "
                "dokumen bukti perubahan. Apabila di kemudian hari pernyataan ini ternyata tidak "
                "benar, saya bersedia dikenakan sanksi sesuai ketentuan peraturan perundang-undangan.")
    f.signatures(["Kepala Keluarga", "Yang Membuat Pernyataan"])
    return f


def form_f201():
    f = Form("F-2.01", "Formulir Pelaporan Pencatatan Sipil di Dalam Wilayah NKRI")
    f.fields(*WILAYAH)
    f.section("Jenis Pelaporan Pencatatan Sipil")
    f.choice("Pelaporan", ["Kelahiran", "Lahir Mati", "Perkawinan", "Pembatalan Perkawinan",
                           "Perceraian", "Pembatalan Perceraian", "Kematian",
                           "Pengangkatan Anak", "Pengakuan Anak", "Pengesahan Anak",
                           "Perubahan Nama", "Perubahan Kewarganegaraan",
                           "Peristiwa Penting Lainnya", "Pembetulan Akta", "Pembatalan Akta"])
    for title in ("Data Pelapor", "Data Subjek Akta Kesatu", "Data Subjek Akta Kedua (jika ada)",
                  "Data Saksi I", "Data Saksi II"):
        f.section(title)
        f.fields("Nama", "NIK", "Nomor Dokumen Perjalanan*", "Nomor Kartu Keluarga", "Kewarganegaraan")
    f.section("Data Orang Tua (untuk kelahiran, lahir mati dan kematian)")
    f.fields("Nama Ayah", "NIK Ayah", "Tempat/Tanggal Lahir Ayah", "Kewarganegaraan Ayah",
             "Nama Ibu", "NIK Ibu", "Tempat/Tanggal Lahir Ibu", "Kewarganegaraan Ibu")
    f.section("Data Anak (kelahiran)")
    f.field("Nama Anak")
    f.choice("Jenis Kelamin", ["Laki-laki", "Perempuan"])
    f.choice("Tempat Dilahirkan", ["RS/RB", "Puskesmas", "Polindes", "Rumah", "Lainnya"])
    f.fields("Tempat Kelahiran", "Hari dan Tanggal Lahir", "Pukul")
    f.choice("Jenis Kelahiran", ["Tunggal", "Kembar 2", "Kembar 3", "Kembar 4", "Lainnya"])
    f.field("Kelahiran ke-")
    f.choice("Penolong Kelahiran", ["Dokter", "Bidan/Perawat", "Dukun", "Lainnya"])
    f.fields("Berat Bayi (gram)", "Panjang Bayi (cm)")
    f.section("Data Kematian")
    f.fields("NIK", "Nama Lengkap", "Hari dan Tanggal Kematian", "Pukul")
    f.choice("Sebab Kematian", ["Sakit biasa/tua", "Wabah penyakit", "Kecelakaan",
                                "Kriminalitas", "Bunuh diri", "Lainnya"])
    f.field("Tempat Kematian")
    f.choice("Yang Menerangkan", ["Dokter", "Tenaga Kesehatan", "Kepolisian", "Lainnya"])
    f.section("Data Perkawinan")
    f.fields("NIK dan Nama Ayah Suami", "NIK dan Nama Ibu Suami", "NIK dan Nama Ayah Istri",
             "NIK dan Nama Ibu Istri", "Status Perkawinan Sebelum Kawin",
             "Perkawinan yang ke-", "Tanggal Pemberkatan Perkawinan", "Tanggal Melapor",
             "Agama/Penghayat Kepercayaan", "Nama Organisasi/Pemuka Agama",
             "Nomor Surat Keterangan Perkawinan")
    f.section("Data Perceraian")
    f.fields("Nomor Akta Perkawinan", "Tanggal Akta Perkawinan", "Nama Pengadilan",
             "Nomor Putusan Pengadilan", "Tanggal Putusan", "Tanggal Melapor")
    f.paragraph("* diisi oleh Orang Asing / WNI bukan Penduduk. Saya menyatakan bahwa data yang "
                "saya isikan dalam formulir ini adalah benar.", 8)
    f.signatures(["Saksi I", "Saksi II", "Pelapor"])
    return f


def form_f203():
    def anak(f):
        f.paragraph("menyatakan dengan sesungguhnya bahwa anak:")
        f.fields("Nama Anak", "Tempat Lahir", "Tanggal Lahir", "Nama Ayah", "Nama Ibu")
    return statement_form(
        "F-2.03", "Surat Pernyataan Tanggung Jawab Mutlak Kebenaran Data Kelahiran",
        "adalah benar lahir dari orang tua tersebut di atas pada tempat dan tanggal sebagaimana "
        "tertulis. Pernyataan ini saya buat karena tidak memiliki surat keterangan kelahiran.",
        SANKSI, extra=anak)


def form_f204():
    def pasangan(f):
        f.section("Istri")
        f.fields("Nama Lengkap", "NIK", "Tempat/Tanggal Lahir", "Pekerjaan")
    f = statement_form(
        "F-2.04", "Surat Pernyataan Tanggung Jawab Mutlak Kebenaran sebagai Pasangan Suami Istri",
        "menyatakan dengan sesungguhnya bahwa kami adalah pasangan suami istri yang telah terikat "
        "dalam perkawinan yang sah menurut agama/kepercayaan, namun tidak memiliki buku "
        "nikah/kutipan akta perkawinan, dan status hubungan dalam Kartu Keluarga kami tercatat "
        "sebagai suami istri.",
        SANKSI, extra=pasangan, first="Suami")
    return f


FORMS = {
    "F-1.01-biodata-keluarga.pdf": form_f101,
    "F-1.02-pendaftaran-peristiwa-kependudukan.pdf": form_f102,
    "F-1.03-pendaftaran-perpindahan-penduduk.pdf": form_f103,
    "F-1.04-pernyataan-tidak-memiliki-dokumen.pdf": form_f104,
    "F-1.05-sptjm-perkawinan-perceraian-belum-tercatat.pdf": form_f105,
    "F-1.06-pernyataan-perubahan-elemen-data.pdf": form_f106,
    "F-2.01-pelaporan-pencatatan-sipil.pdf": form_f201,
    "F-2.03-sptjm-kebenaran-data-kelahiran.pdf": form_f203,
    "F-2.04-sptjm-kebenaran-pasangan-suami-istri.pdf": form_f204,
}

# --------------------------------------------------------------------------
# SVG example pictures ("Contoh File")
# --------------------------------------------------------------------------

FONT = 'font-family="Helvetica,Arial,sans-serif"'


def _esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _svg(w, h, body):
    stamp = ('<text x="%d" y="%d" %s font-size="%d" font-weight="bold" fill="#d00" '
             'fill-opacity=".35" text-anchor="middle" transform="rotate(-28 %d %d)">CONTOH</text>'
             % (w // 2, h // 2 + h // 12, FONT, min(w, h) // 4, w // 2, h // 2))
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d">'
            '%s%s</svg>\n' % (w, h, w, h, body, stamp))


def _t(x, y, s, size=7, bold=False, anchor=None, fill="#222"):
    return '<text x="%s" y="%s" font-size="%s"%s%s fill="%s">%s</text>' % (
        x, y, size, ' font-weight="bold"' if bold else "",
        ' text-anchor="%s"' % anchor if anchor else "", fill, _esc(s))


def _person(x, y, w, h, bg="#c9d8ef"):
    cx = x + w / 2.0
    return ('<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#555"/>'
            '<circle cx="%s" cy="%s" r="%s" fill="#778"/>'
            '<path d="M%s %s q%s -%s %s 0z" fill="#778"/>' % (
                x, y, w, h, bg, cx, y + h * 0.38, w * 0.2,
                x + w * 0.12, y + h, w * 0.38, h * 0.55, w * 0.76))


def card(title, sub, color, rows, nik_label="NIK"):
    b = ['<g %s>' % FONT,
         '<rect x="2" y="2" width="336" height="210" rx="12" fill="%s" stroke="#555"/>' % color,
         _t(170, 22, "PROVINSI JAWA TENGAH", 10, True, "middle"),
         _t(170, 35, "KABUPATEN PEKALONGAN", 10, True, "middle"),
         _t(170, 48, title, 8, True, "middle"),
         _t(14, 68, nik_label, 9, True), _t(70, 68, ": 3326xxxxxxxxxxxx", 9, True)]
    y = 84
    for k, v in rows:
        b.append(_t(14, y, k, 7))
        b.append(_t(90, y, ": " + v, 7))
        y += 11
    b.append(_person(250, 62, 72, 92))
    b.append(_t(286, 170, sub, 6, False, "middle"))
    b.append('<path d="M262 190 q10 -12 20 0 t20 0" fill="none" stroke="#335"/></g>')
    return _svg(340, 214, "".join(b))


def sheet(title, lines, heading=None, number=None, signer="Pejabat Berwenang", w=210, h=297,
          table=None):
    b = ['<g %s>' % FONT, '<rect x="1" y="1" width="%d" height="%d" fill="#fff" stroke="#777"/>' % (w - 2, h - 2)]
    y = 22
    if heading:
        for hl in heading:
            b.append(_t(w // 2, y, hl, min(7.0, round((w - 24) * 1000.0 / text_width(hl, 1000, True), 1)),
                        True, "middle"))
            y += 9
        b.append('<line x1="14" y1="%d" x2="%d" y2="%d" stroke="#333"/>' % (y - 4, w - 14, y - 4))
        y += 10
    size = min(9.0, round((w - 24) * 1000.0 / (text_width(title, 1000, True) or 1), 1))
    b.append(_t(w // 2, y, title, size, True, "middle"))
    y += 10
    if number:
        b.append(_t(w // 2, y, number, 6.5, False, "middle"))
        y += 8
    y += 8
    for ln in lines:
        if isinstance(ln, tuple):
            b.append(_t(16, y, ln[0], 6.5))
            b.append(_t(88, y, ": " + ln[1], 6.5))
        elif ln == "~":
            b.append('<line x1="16" y1="%d" x2="%d" y2="%d" stroke="#bbb"/>' % (y - 2, w - 16, y - 2))
        else:
            b.append(_t(16, y, ln, 6.5))
        y += 11
    if table:
        cols, nrows = table
        cw = (w - 28) / float(len(cols))
        b.append('<rect x="14" y="%d" width="%d" height="%d" fill="none" stroke="#555"/>' % (y, w - 28, 12 * (nrows + 1)))
        b.append('<rect x="14" y="%d" width="%d" height="12" fill="#dde"/>' % (y, w - 28))
        for i, c in enumerate(cols):
            b.append(_t(int(16 + cw * i), y + 9, c, 5.5, True))
        for r in range(1, nrows + 1):
            b.append('<line x1="14" y1="%d" x2="%d" y2="%d" stroke="#999"/>' % (y + 12 * r, w - 14, y + 12 * r))
        y += 12 * (nrows + 1) + 10
    sy = max(y + 10, h - 70)
    b.append(_t(w - 60, sy, signer, 6, False, "middle"))
    b.append('<circle cx="%d" cy="%d" r="17" fill="none" stroke="#36c" stroke-opacity=".6"/>' % (w - 72, sy + 24))
    b.append('<path d="M%d %d q8 -14 16 0 t16 0" fill="none" stroke="#224"/>' % (w - 76, sy + 30))
    b.append(_t(w - 60, sy + 50, "NAMA CONTOH", 6, True, "middle"))
    b.append("</g>")
    return _svg(w, h, "".join(b))


KAB = ["PEMERINTAH KABUPATEN PEKALONGAN", "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL"]
DESA = ["PEMERINTAH KABUPATEN PEKALONGAN", "KECAMATAN KAJEN - DESA CONTOH"]
ORANG = [("Nama", "NAMA CONTOH"), ("NIK", "3326xxxxxxxxxxxx"),
         ("Tempat/Tgl Lahir", "PEKALONGAN, 01-01-1990"), ("Alamat", "DESA CONTOH RT 001/002")]
TTL = ("Tempat/Tgl Lahir", "PEKALONGAN, 01-01-1990")


def contoh_files():
    ktp_rows = [("Nama", "NAMA CONTOH"), TTL, ("Jenis Kelamin", "LAKI-LAKI"),
                ("Alamat", "JL. CONTOH NO. 1"), ("RT/RW", "001/002"), ("Kel/Desa", "DESA CONTOH"),
                ("Kecamatan", "KAJEN"), ("Agama", "ISLAM"), ("Status Perkawinan", "KAWIN"),
                ("Pekerjaan", "WIRASWASTA"), ("Kewarganegaraan", "WNI"), ("Berlaku Hingga", "SEUMUR HIDUP")]
    kia_rows = [("Nama", "ANAK CONTOH"), ("Tempat/Tgl Lahir", "PEKALONGAN, 01-01-2018"),
                ("Jenis Kelamin", "PEREMPUAN"), ("No. Akta Kelahiran", "3326-LT-xxxxxxxx-xxxx"),
                ("Agama", "ISLAM"), ("Kewarganegaraan", "WNI"), ("Nama Kepala Keluarga", "NAMA CONTOH"),
                ("No. KK", "3326xxxxxxxxxxxx"), ("Berlaku Hingga", "01-01-2035")]
    files = {
        "ktp-el.svg": card("KARTU TANDA PENDUDUK ELEKTRONIK", "KAB. PEKALONGAN", "#cfe3f7", ktp_rows),
        "kia.svg": card("KARTU IDENTITAS ANAK", "KAB. PEKALONGAN", "#f9d7e3", kia_rows),
        "kartu-keluarga.svg": sheet(
            "KARTU KELUARGA", [("Nama Kepala Keluarga", "NAMA CONTOH"),
                               ("Alamat", "JL. CONTOH NO. 1 RT 001/002"),
                               ("Desa/Kecamatan", "DESA CONTOH / KAJEN")],
            number="No. 3326xxxxxxxxxxxx", signer="Kepala Dinas (TTE)", w=297, h=210,
            table=(["No", "Nama Lengkap", "NIK", "Kelamin", "Tgl Lahir", "SHDK"], 3)),
        "surat-keterangan-kelahiran.svg": sheet(
            "SURAT KETERANGAN KELAHIRAN", [
                "Yang bertanda tangan di bawah ini menerangkan bahwa", "telah lahir seorang bayi:", "~",
                ("Nama Bayi", "BAYI CONTOH"), ("Jenis Kelamin", "LAKI-LAKI"),
                ("Hari/Tanggal", "SENIN, 05-01-2026"), ("Pukul", "08.30 WIB"),
                ("Berat/Panjang", "3.200 gram / 49 cm"), ("Nama Ibu", "IBU CONTOH"),
                ("Nama Ayah", "AYAH CONTOH"), ("Alamat", "DESA CONTOH, KAJEN")],
            heading=["RUMAH SAKIT / PUSKESMAS CONTOH", "KABUPATEN PEKALONGAN"],
            number="Nomor: 001/SKL/I/2026", signer="Dokter/Bidan Penolong"),
        "buku-nikah.svg": sheet(
            "KUTIPAN AKTA NIKAH", [("Nama Suami", "SUAMI CONTOH"), ("NIK Suami", "3326xxxxxxxxxxxx"),
                                   ("Nama Istri", "ISTRI CONTOH"), ("NIK Istri", "3326xxxxxxxxxxxx"),
                                   ("Tanggal Akad", "10-02-2015"), ("Tempat", "KUA KEC. KAJEN")],
            heading=["KEMENTERIAN AGAMA REPUBLIK INDONESIA"], number="Nomor: xxxx/xx/II/2015",
            signer="Penghulu/Pegawai Pencatat"),
        "kutipan-akta-perkawinan.svg": sheet(
            "KUTIPAN AKTA PERKAWINAN", [("Nama Suami", "SUAMI CONTOH"), ("Nama Istri", "ISTRI CONTOH"),
                                        ("Tanggal Perkawinan", "10-02-2015"), ("Tempat", "PEKALONGAN"),
                                        ("Agama", "KRISTEN")],
            heading=KAB, number="Nomor: 3326-KW-xxxxxxxx-xxxx", signer="Pejabat Pencatatan Sipil"),
        "kutipan-akta-kelahiran.svg": sheet(
            "KUTIPAN AKTA KELAHIRAN", [
                "Berdasarkan Akta Kelahiran Nomor 3326-LT-xxxxxxxx-xxxx", "bahwa di PEKALONGAN",
                "pada tanggal 01-01-2018 telah lahir", ("Nama", "ANAK CONTOH"),
                ("Anak ke", "SATU, PEREMPUAN"), ("Dari Ayah", "AYAH CONTOH"), ("Dan Ibu", "IBU CONTOH")],
            heading=KAB, number="NIK 3326xxxxxxxxxxxx", signer="Pejabat Pencatatan Sipil"),
        "sptjm-kebenaran-data-kelahiran.svg": sheet(
            "SPTJM KEBENARAN DATA KELAHIRAN", ORANG + [
                "~", "menyatakan bahwa anak bernama ANAK CONTOH", "benar lahir di PEKALONGAN tanggal",
                "01-01-2018 dari ayah AYAH CONTOH dan", "ibu IBU CONTOH.", ("Saksi I", "SAKSI SATU"),
                ("Saksi II", "SAKSI DUA")], number="(Formulir F-2.03)", signer="Yang Menyatakan"),
        "sptjm-kebenaran-pasutri.svg": sheet(
            "SPTJM KEBENARAN PASANGAN SUAMI ISTRI", [
                ("Nama Suami", "SUAMI CONTOH"), ("NIK Suami", "3326xxxxxxxxxxxx"),
                ("Nama Istri", "ISTRI CONTOH"), ("NIK Istri", "3326xxxxxxxxxxxx"), "~",
                "menyatakan bahwa kami adalah pasangan", "suami istri yang sah menurut agama.",
                ("Saksi I", "SAKSI SATU"), ("Saksi II", "SAKSI DUA")],
            number="(Formulir F-2.04)", signer="Suami dan Istri"),
        "surat-keterangan-kematian.svg": sheet(
            "SURAT KETERANGAN KEMATIAN", [
                "Menerangkan bahwa:", ("Nama", "NAMA CONTOH"), ("NIK", "3326xxxxxxxxxxxx"),
                ("Jenis Kelamin", "LAKI-LAKI"), ("Alamat", "DESA CONTOH, KAJEN"), "~",
                "telah meninggal dunia pada:", ("Hari/Tanggal", "SENIN, 05-01-2026"),
                ("Pukul", "10.00 WIB"), ("Tempat", "RS CONTOH"), ("Sebab", "SAKIT")],
            heading=["RUMAH SAKIT / DESA CONTOH", "KABUPATEN PEKALONGAN"],
            number="Nomor: 001/SKK/I/2026", signer="Dokter / Kepala Desa"),
        "surat-keterangan-perkawinan.svg": sheet(
            "SURAT KETERANGAN PERKAWINAN", [
                "Menerangkan bahwa telah dilangsungkan", "perkawinan menurut agama antara:",
                ("Suami", "SUAMI CONTOH"), ("Istri", "ISTRI CONTOH"), ("Tanggal", "10-02-2026"),
                ("Tempat", "GEREJA CONTOH, KAJEN")],
            heading=["GEREJA / RUMAH IBADAH CONTOH"], number="Nomor: 01/SKP/II/2026",
            signer="Pemuka Agama"),
        "pas-foto-berdampingan.svg": _svg(240, 160, (
            '<rect width="240" height="160" fill="#d33"/>' + _person(30, 20, 90, 140, "#d33")
            + _person(120, 20, 90, 140, "#d33"))),
        "pas-foto.svg": _svg(120, 160, '<rect width="120" height="160" fill="#2f5fb3"/>' + _person(10, 14, 100, 146, "#2f5fb3")),
        "putusan-pengadilan.svg": sheet(
            "SALINAN PUTUSAN", ["DEMI KEADILAN BERDASARKAN", "KETUHANAN YANG MAHA ESA", "~",
                                ("Penggugat", "NAMA CONTOH"), ("Tergugat", "PASANGAN CONTOH"),
                                "MENGADILI:", "Menyatakan perkawinan putus karena", "perceraian.",
                                ("Berkekuatan tetap", "01-02-2026")],
            heading=["PENGADILAN NEGERI CONTOH"], number="Nomor: xx/Pdt.G/2026/PN Xxx",
            signer="Panitera"),
        "surat-keterangan-pindah.svg": sheet(
            "SURAT KETERANGAN PINDAH WNI", [
                ("No. KK", "3326xxxxxxxxxxxx"), ("Nama Kepala Keluarga", "NAMA CONTOH"),
                ("Alamat Asal", "DESA CONTOH, KAJEN"), ("Alamat Tujuan", "KOTA CONTOH"),
                ("Jenis Kepindahan", "KK DAN SELURUH ANGGOTA")],
            heading=KAB, number="Nomor: SKPWNI/3326/xxxxxxxx/0001", signer="Kepala Dinas (TTE)",
            table=(["No", "NIK", "Nama", "SHDK"], 3)),
        "surat-kehilangan.svg": sheet(
            "SURAT TANDA PENERIMAAN LAPORAN KEHILANGAN", [
                ("Nama Pelapor", "NAMA CONTOH"), ("NIK", "3326xxxxxxxxxxxx"), "~",
                "Telah melaporkan kehilangan:", "1 (satu) lembar KARTU KELUARGA / KTP-el",
                ("No. Dokumen", "3326xxxxxxxxxxxx"), ("Waktu", "05-01-2026")],
            heading=["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "POLSEK CONTOH"],
            number="Nomor: STPLK/xx/I/2026", signer="Petugas SPKT"),
        "bukti-perubahan-data.svg": sheet(
            "IJAZAH (CONTOH DOKUMEN BUKTI)", [
                "Diberikan kepada:", ("Nama", "NAMA CONTOH"), TTL, ("NISN", "xxxxxxxxxx"), "~",
                "yang telah lulus dari satuan pendidikan", "SMA CONTOH tahun 2008."],
            heading=["KEMENTERIAN PENDIDIKAN REPUBLIK INDONESIA"], number="No. DN-xx xxxxxxx",
            signer="Kepala Sekolah"),
        "surat-pengantar-rt-rw.svg": sheet(
            "SURAT PENGANTAR", ["Yang bertanda tangan di bawah ini Ketua RT 001", "RW 002 Desa Contoh menerangkan bahwa:",
                                ("Nama", "NAMA CONTOH"), TTL, ("Alamat", "DESA CONTOH RT 001/002"), "~",
                                "benar berdomisili di wilayah kami dan belum", "terdaftar dalam Kartu Keluarga."],
            heading=["RUKUN TETANGGA 001 / RUKUN WARGA 002", "DESA CONTOH KEC. KAJEN"],
            number="Nomor: 01/RT.001/I/2026", signer="Ketua RT / Ketua RW"),
        "surat-keterangan-sekolah.svg": sheet(
            "SURAT KETERANGAN SISWA", ["Kepala sekolah menerangkan bahwa siswa berikut", "adalah siswa aktif:",
                                       ("Nama Sekolah", "SMA NEGERI CONTOH"), ("NPSN", "xxxxxxxx")],
            heading=["SMA NEGERI CONTOH", "KABUPATEN PEKALONGAN"], number="Nomor: 400/xx/2026",
            signer="Kepala Sekolah", table=(["No", "NIK", "Nama Siswa", "Kelas"], 4)),
    }
    forms = {
        "formulir-f101.svg": ("F-1.01", "FORMULIR BIODATA KELUARGA"),
        "formulir-f102.svg": ("F-1.02", "FORMULIR PENDAFTARAN PERISTIWA KEPENDUDUKAN"),
        "formulir-f103.svg": ("F-1.03", "FORMULIR PENDAFTARAN PERPINDAHAN PENDUDUK"),
        "formulir-f104.svg": ("F-1.04", "PERNYATAAN TIDAK MEMILIKI DOKUMEN"),
        "formulir-f105.svg": ("F-1.05", "SPTJM PERKAWINAN BELUM TERCATAT"),
        "formulir-f106.svg": ("F-1.06", "PERNYATAAN PERUBAHAN ELEMEN DATA"),
        "formulir-f201.svg": ("F-2.01", "PELAPORAN PENCATATAN SIPIL"),
    }
    for name, (code, title) in forms.items():
        files[name] = sheet(title, [("Nama", "NAMA CONTOH"), ("NIK", "3326xxxxxxxxxxxx"),
                                    ("No. KK", "3326xxxxxxxxxxxx"), ("Alamat", "DESA CONTOH, KAJEN"),
                                    "~", "[x] diisi lengkap dengan huruf cetak", "[x] ditandatangani pemohon"],
                            heading=["FORMULIR " + code], signer="Pemohon")
    return files


# --------------------------------------------------------------------------
# --check: validate catalog/*.json against catalog/README.md
# --------------------------------------------------------------------------

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISIAN_KODE = re.compile(r"^[a-z0-9_]{1,40}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
ICONS = "/usr/share/bootstrap-icons/svg"


def check():
    errors = []

    def err(where, msg):
        errors.append("%s: %s" % (where, msg))

    def need(obj, where, key, types):
        if key not in obj:
            err(where, "missing %r" % key)
            return False
        if not isinstance(obj[key], types) or isinstance(obj[key], bool) and bool not in (
                types if isinstance(types, tuple) else (types,)):
            err(where, "%r has the wrong type" % key)
            return False
        return True

    layanan_dir = os.path.join(CATALOG, "layanan")
    names = sorted(os.listdir(layanan_dir))
    kodes, prefixes = {}, {}
    allowed = {"kode", "prefix", "nama", "ikon", "ringkasan", "kelompok", "label_nik", "label_nama", "nik_wajib",
               "persyaratan", "proses", "formulir", "isian", "dokumen", "langkah", "dokumen_jadi",
               "ketersediaan"}
    for i, name in enumerate(names, 1):
        where = "layanan/" + name
        m = re.match(r"^(\d\d)-([A-Z]{2,4})\.json$", name)
        if not m or int(m.group(1)) != i:
            err(where, "file name must be NN-KODE.json numbered from 01 without gaps")
        try:
            with open(os.path.join(layanan_dir, name), encoding="utf-8") as fh:
                s = json.load(fh)
        except ValueError as e:
            err(where, "does not parse: %s" % e)
            continue
        for k in s:
            if k not in allowed:
                err(where, "unknown key %r" % k)
        if need(s, where, "kode", str):
            if not re.match(r"^[a-z0-9-]{2,40}$", s["kode"]):
                err(where, "bad kode")
            if s["kode"] in kodes:
                err(where, "kode also used by " + kodes[s["kode"]])
            kodes[s["kode"]] = name
        if need(s, where, "prefix", str):
            if not re.match(r"^[A-Z]{2,4}$", s["prefix"]):
                err(where, "bad prefix")
            if s["prefix"] in prefixes:
                err(where, "prefix also used by " + prefixes[s["prefix"]])
            prefixes[s["prefix"]] = name
            if m and m.group(2) != s["prefix"]:
                err(where, "file name KODE differs from prefix")
        if need(s, where, "nama", str) and not 0 < len(s["nama"]) <= 80:
            err(where, "nama longer than 80")
        if need(s, where, "ikon", str) and not os.path.isfile(os.path.join(ICONS, s["ikon"] + ".svg")):
            err(where, "icon %r does not exist" % s["ikon"])
        if need(s, where, "ringkasan", str) and not 0 < len(s["ringkasan"]) <= 200:
            err(where, "ringkasan longer than 200")
        if need(s, where, "kelompok", list):
            for g in s["kelompok"]:
                if not isinstance(g, str) or not g:
                    err(where, "bad kelompok entry")
        for k in ("label_nik", "label_nama"):
            if k in s and (not isinstance(s[k], str) or not s[k]):
                err(where, "bad " + k)
        for k in ("persyaratan", "proses"):
            if need(s, where, k, str) and not s[k].strip():
                err(where, k + " is empty")
        if need(s, where, "formulir", list):
            for f in s["formulir"]:
                if not isinstance(f, dict) or set(f) != {"judul", "berkas"}:
                    err(where, "formulir entries are {judul, berkas}")
                elif not os.path.isfile(os.path.join(CATALOG, "formulir", f["berkas"])):
                    err(where, "formulir file %r missing" % f["berkas"])
        if need(s, where, "isian", list):
            seen = set()
            for f in s["isian"]:
                w = "%s isian %s" % (where, f.get("kode"))
                if not isinstance(f, dict):
                    err(where, "isian entry is not an object")
                    continue
                need(f, w, "kode", str) and (ISIAN_KODE.match(f["kode"]) or err(w, "bad kode"))
                if f.get("kode") in seen:
                    err(w, "duplicate kode")
                seen.add(f.get("kode"))
                need(f, w, "label", str)
                need(f, w, "wajib", bool)
                if "bantuan" in f and not isinstance(f["bantuan"], str):
                    err(w, "bantuan must be a string")
                j = f.get("jenis")
                limits = {"text": {"maks"}, "textarea": {"maks"}, "number": {"min", "max"},
                          "date": {"min", "max"}, "select": {"pilihan"}, "nik": set(), "kk": set()}
                if j not in limits:
                    err(w, "jenis %r not allowed" % j)
                    continue
                extra = set(f) - {"kode", "label", "jenis", "wajib", "bantuan"} - limits[j]
                if extra:
                    err(w, "keys not allowed for %s: %s" % (j, sorted(extra)))
                if j in ("text", "textarea") and "maks" in f and not (
                        isinstance(f["maks"], int) and not isinstance(f["maks"], bool) and f["maks"] > 0):
                    err(w, "maks must be a positive integer")
                if j == "number":
                    for k in ("min", "max"):
                        if k in f and (not isinstance(f[k], int) or isinstance(f[k], bool)):
                            err(w, k + " must be an integer")
                    if isinstance(f.get("min"), int) and isinstance(f.get("max"), int) and f["min"] > f["max"]:
                        err(w, "min > max")
                if j == "date":
                    for k in ("min", "max"):
                        if k in f and not (f[k] == "hari_ini" or isinstance(f[k], str) and DATE.match(f[k])):
                            err(w, k + " must be YYYY-MM-DD or hari_ini")
                if j == "select" and not (isinstance(f.get("pilihan"), list) and f["pilihan"]
                                          and all(isinstance(p, str) and p for p in f["pilihan"])):
                    err(w, "pilihan must be a non-empty list of strings")
        if need(s, where, "dokumen", list):
            seen = set()
            for d in s["dokumen"]:
                w = "%s dokumen %s" % (where, d.get("kode"))
                extra = set(d) - {"kode", "nama", "wajib", "keterangan", "contoh"}
                if extra:
                    err(w, "unknown keys %s" % sorted(extra))
                need(d, w, "kode", str) and (SLUG.match(d["kode"]) or err(w, "bad slug"))
                if d.get("kode") in seen:
                    err(w, "duplicate kode")
                seen.add(d.get("kode"))
                need(d, w, "nama", str)
                need(d, w, "wajib", bool)
                if "keterangan" in d and not isinstance(d["keterangan"], str):
                    err(w, "keterangan must be a string")
                if "contoh" in d and not os.path.isfile(os.path.join(CATALOG, "contoh", d["contoh"])):
                    err(w, "contoh file %r missing" % d["contoh"])
        if need(s, where, "langkah", list):
            if not s["langkah"]:
                err(where, "langkah is empty")
            seen = set()
            for l in s["langkah"]:
                w = "%s langkah %s" % (where, l.get("kode"))
                if set(l) != {"kode", "nama", "waktu_baku_menit"}:
                    err(w, "langkah entries are {kode, nama, waktu_baku_menit}")
                need(l, w, "kode", str) and (SLUG.match(l["kode"]) or err(w, "bad slug"))
                if l.get("kode") in seen:
                    err(w, "duplicate kode")
                seen.add(l.get("kode"))
                need(l, w, "nama", str)
                v = l.get("waktu_baku_menit")
                if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                    err(w, "waktu_baku_menit must be an integer > 0")
        if need(s, where, "dokumen_jadi", list):
            seen = set()
            for d in s["dokumen_jadi"]:
                w = "%s dokumen_jadi %s" % (where, d.get("kode"))
                if set(d) != {"kode", "nama"}:
                    err(w, "dokumen_jadi entries are {kode, nama}")
                need(d, w, "kode", str) and (SLUG.match(d["kode"]) or err(w, "bad slug"))
                if d.get("kode") in seen:
                    err(w, "duplicate kode")
                seen.add(d.get("kode"))
                need(d, w, "nama", str)
        if "ketersediaan" in s:
            k = s["ketersediaan"]
            w = where + " ketersediaan"
            if not isinstance(k, dict) or set(k) - {"jam", "kuota_harian", "tutup"}:
                err(w, "only jam, kuota_harian, tutup")
            else:
                for day, span in k.get("jam", {}).items():
                    if day not in DAYS or not (isinstance(span, list) and len(span) == 2 and all(
                            isinstance(t, str) and HHMM.match(t) for t in span) and span[0] < span[1]):
                        err(w, "bad jam entry %r" % day)
                q = k.get("kuota_harian", 0)
                if not isinstance(q, int) or isinstance(q, bool) or q < 0:
                    err(w, "kuota_harian must be an integer >= 0")
                for t in k.get("tutup", []):
                    if not (isinstance(t, dict) and set(t) == {"tanggal", "alasan"}
                            and DATE.match(str(t["tanggal"])) and isinstance(t["alasan"], str)):
                        err(w, "bad tutup entry")

    where = "informasi.json"
    try:
        with open(os.path.join(CATALOG, "informasi.json"), encoding="utf-8") as fh:
            posts = json.load(fh)
        if not isinstance(posts, list):
            err(where, "must be an array")
            posts = []
        for i, p in enumerate(posts):
            w = "%s[%d]" % (where, i)
            if not isinstance(p, dict) or set(p) != {"jenis", "judul", "isi", "terbit"}:
                err(w, "posts are {jenis, judul, isi, terbit}")
                continue
            if p["jenis"] not in ("umum", "rahasia", "sistem"):
                err(w, "bad jenis")
            if not (isinstance(p["judul"], str) and p["judul"] and isinstance(p["isi"], str) and p["isi"]):
                err(w, "judul and isi must be non-empty strings")
            if not (isinstance(p["terbit"], str) and DATE.match(p["terbit"])):
                err(w, "terbit must be YYYY-MM-DD")
    except (OSError, ValueError) as e:
        err(where, str(e))

    used = {"formulir": set(), "contoh": set()}
    for name in names:
        try:
            with open(os.path.join(layanan_dir, name), encoding="utf-8") as fh:
                s = json.load(fh)
            used["formulir"].update(f.get("berkas") for f in s.get("formulir", []) if isinstance(f, dict))
            used["contoh"].update(d.get("contoh") for d in s.get("dokumen", []) if isinstance(d, dict))
        except (OSError, ValueError):
            pass
    for sub in ("formulir", "contoh"):
        for name in sorted(set(os.listdir(os.path.join(CATALOG, sub))) - used[sub]):
            err(sub + "/" + name, "not referenced by any service")

    for name in os.listdir(os.path.join(CATALOG, "contoh")):
        path = os.path.join(CATALOG, "contoh", name)
        data = open(path, "rb").read()
        low = data.lower()
        if len(data) > 4096:
            err("contoh/" + name, "larger than 4 KB")
        for bad in (b"<script", b"foreignobject", b"href", b"<image", b"url(", b"@import", b"<!entity"):
            if bad in low:
                err("contoh/" + name, "contains %r" % bad.decode())
        if re.search(rb"\son[a-z]+\s*=", low):
            err("contoh/" + name, "contains an event handler attribute")
    for name in os.listdir(os.path.join(CATALOG, "formulir")):
        data = open(os.path.join(CATALOG, "formulir", name), "rb").read()
        if not data.startswith(b"%PDF-") or not data.rstrip().endswith(b"%%EOF"):
            err("formulir/" + name, "not a PDF")
    return errors


def main():
    os.makedirs(os.path.join(CATALOG, "formulir"), exist_ok=True)
    os.makedirs(os.path.join(CATALOG, "contoh"), exist_ok=True)
    for name, build in FORMS.items():
        with open(os.path.join(CATALOG, "formulir", name), "wb") as fh:
            fh.write(build().to_pdf())
    for name, svg in contoh_files().items():
        with open(os.path.join(CATALOG, "contoh", name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(svg)
    print("wrote %d forms and %d example pictures" % (len(FORMS), len(contoh_files())))
    if "--check" in sys.argv[1:]:
        errors = check()
        for e in errors:
            print("catalog: " + e, file=sys.stderr)
        if errors:
            sys.exit(1)
        print("catalog: ok")


if __name__ == "__main__":
    main()
