package org.dosewatch.rems;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** The REMS form as a printable A4 PDF: the form's questions and the answers the record gives. */
public final class RemsPdf {

    private static final float MARGIN = 50;
    private static final float LINE = 14;
    private static final int WRAP = 95;

    private RemsPdf() {
    }

    public static byte[] of(RemsForm form) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Patient", form.patientRef()});
        rows.add(new String[] {"Session", form.sessionId()});
        rows.add(new String[] {"Treatment date", String.valueOf(form.treatmentDate())});
        rows.add(new String[] {"Drug and route", form.drug() + " " + form.route()});
        rows.add(new String[] {"Dose", form.doseMg() == null ? "not recorded" : Math.round(form.doseMg()) + " mg"});
        rows.add(new String[] {"Lot number", orMissing(form.lotNumber())});
        rows.add(new String[] {"Administered at", String.valueOf(form.administeredAt())});
        rows.add(new String[] {"Monitoring ended at", String.valueOf(form.monitoringEnd())});
        rows.add(new String[] {"Total time monitored", form.minutesMonitored() + " min"
                + (form.monitoredAtLeastTwoHours() ? " (at least 2 hours)" : " (LESS THAN 2 HOURS)")});
        rows.add(new String[] {"If there was not a 2-hour minimum, when would the patient have been ready to leave",
                form.readyToLeave()});
        rows.add(new String[] {"Vital signs acceptable before the dose", yesNo(form.vitalsAcceptableBeforeDose())});
        rows.add(new String[] {"Vital signs acceptable at the end", yesNo(form.vitalsAcceptableAtEnd())});
        rows.add(new String[] {"Blood pressure before the dose", reading(form.bloodPressure().beforeDose())});
        rows.add(new String[] {"Blood pressure at about 40 minutes", reading(form.bloodPressure().at40Minutes())
                + " (check " + form.bloodPressure().at40MinutesCheck() + ")"});
        rows.add(new String[] {"Blood pressure before the end", reading(form.bloodPressure().beforeEnd())});
        rows.add(new String[] {"Sedation", finding(form.sedation())});
        rows.add(new String[] {"Dissociation", finding(form.dissociation())});
        rows.add(new String[] {"Respiratory depression", finding(form.respiratoryDepression())});
        rows.add(new String[] {"Concomitant medications", orMissing(form.concomitantMedications())});
        rows.add(new String[] {"Monitoring clinician", orMissing(form.monitoringClinician())});
        rows.add(new String[] {"Due by", String.valueOf(form.deadline())});
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDType1Font plain = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (Pages pages = new Pages(document)) {
                pages.write(bold, 14, RemsForm.TITLE);
                pages.write(plain, 9, "Filled by DoseWatch from the session's record. Due within 7 days of the treatment.");
                pages.skip();
                for (String[] row : rows) {
                    pages.write(bold, 10, row[0]);
                    for (String part : wrap(row[1])) {
                        pages.write(plain, 10, "    " + part);
                    }
                }
                if (!form.missing().isEmpty()) {
                    pages.skip();
                    pages.write(bold, 10, "Not in the record (to complete before submitting):");
                    for (String missing : form.missing()) {
                        for (String part : wrap("- " + missing)) {
                            pages.write(plain, 9, "    " + part);
                        }
                    }
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("the REMS form of session " + form.sessionId() + " could not be written as PDF", e);
        }
    }

    /** Lines down A4 pages, a new page when one is full. */
    private static final class Pages implements AutoCloseable {
        private final PDDocument document;
        private PDPageContentStream text;
        private float y;

        Pages(PDDocument document) throws IOException {
            this.document = document;
            next();
        }

        private void next() throws IOException {
            if (text != null) {
                text.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            text = new PDPageContentStream(document, page);
            y = page.getMediaBox().getHeight() - MARGIN;
        }

        void write(PDType1Font font, float size, String line) throws IOException {
            if (y < MARGIN) {
                next();
            }
            text.beginText();
            text.setFont(font, size);
            text.newLineAtOffset(MARGIN, y);
            text.showText(printable(line));
            text.endText();
            y -= LINE;
        }

        void skip() {
            y -= LINE / 2;
        }

        @Override
        public void close() throws IOException {
            text.close();
        }
    }

    /** The standard PDF fonts print WinAnsi only: anything else is shown as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 32 && c < 256 ? (char) c : '?'));
        return out.toString();
    }

    private static List<String> wrap(String text) {
        List<String> lines = new ArrayList<>();
        String rest = text == null ? "" : text;
        while (rest.length() > WRAP) {
            int cut = rest.lastIndexOf(' ', WRAP);
            cut = cut <= 0 ? WRAP : cut;
            lines.add(rest.substring(0, cut));
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    private static String yesNo(RemsForm.Answer answer) {
        return (answer.yes() ? "Yes" : "No") + " - " + answer.detail();
    }

    private static String reading(RemsForm.Reading reading) {
        return reading == null ? "not taken" : reading.sbp() + "/" + reading.dbp() + " mmHg at " + reading.minutesAfterDose()
                + " min after the dose";
    }

    private static String finding(RemsForm.Finding finding) {
        return (finding.occurred() ? "Yes" : "No") + (finding.occurred() ? (finding.resolved() ? ", resolved" : ", NOT resolved") : "")
                + " - " + finding.detail();
    }

    private static String orMissing(String value) {
        return value == null || value.isBlank() ? "(not recorded)" : value;
    }
}
