import { formatSwedishDate } from '../dates';
import type { TimeReportStep } from '../time-report-dates';
import { renderNotice, type RenderedMail } from './layout';

/**
 * The time reports' notices. Like every notice they name the case reference, the insats and the
 * month, and link to the case behind login — never the person.
 */

/** One report in a notice: which case, which insats, which month, due when, and its link. */
export interface ReportInNotice {
  reference: string;
  insats: string;
  monthLabel: string;
  dueDate: string;
  link: string;
  /** Of an acute order: said in the list, and the mail's subject says **Akut**. */
  acute?: boolean;
}

/** How many reports one mail names (a mail item must stay well under DynamoDB's 400 KB; nobody reads a longer list). */
const MAX_LISTED = 100;

const line = (r: ReportInNotice) => `${r.acute ? 'Akut: ' : ''}${r.reference}, ${r.insats.toLowerCase()}, ${r.monthLabel} (sista dag ${formatSwedishDate(r.dueDate)})`;

const SUBJECTS: Record<TimeReportStep, (n: number) => string> = {
  reminder: (n) => (n === 1 ? 'Påminnelse: tidrapport ska lämnas' : `Påminnelse: ${n} tidrapporter ska lämnas`),
  chaser: (n) => (n === 1 ? 'Tidrapport saknas' : `${n} tidrapporter saknas`),
  second_chaser: (n) => (n === 1 ? 'Tidrapport saknas fortfarande' : `${n} tidrapporter saknas fortfarande`),
  escalation: (n) => (n === 1 ? 'Tidrapport saknas trots påstötningar' : `${n} tidrapporter saknas trots påstötningar`),
};

/**
 * The chaser's mail: one per recipient and step per run, listing every report of theirs at that
 * step. The provider is reminded and chased; the caseworker is told at the second chaser; the unit
 * head gets the escalation.
 */
export function timeReportChaseMail(data: {
  step: TimeReportStep;
  recipient: 'provider' | 'caseworker' | 'unit_head';
  municipalityName: string;
  reports: ReportInNotice[];
  /** Where the whole list is read when it is longer than a mail names (a provider's **Tidrapporter** page). */
  portalLink: string;
}): RenderedMail {
  const n = data.reports.length;
  const listed = data.reports.slice(0, MAX_LISTED);
  const more = n - listed.length;
  const list = listed.map((r) => `– ${line(r)}`).join('\n') + (more > 0 ? `\n– och ${more} till: logga in för att se alla.` : '');
  const many = n > 1;
  const paragraphs: string[] = [];
  if (data.recipient === 'provider') {
    if (data.step === 'reminder') paragraphs.push(`${many ? 'Tidrapporterna' : 'Tidrapporten'} nedan ska lämnas senast nästa vardag:`, list);
    else paragraphs.push(`${many ? 'Tidrapporterna' : 'Tidrapporten'} nedan har inte kommit in, fast sista dagen har passerat:`, list);
    paragraphs.push('Logga in och lämna tidrapporten under ärendet. Tidrapporten är underlag för fakturan till hemkommunen.');
    if (data.step === 'second_chaser' || data.step === 'escalation') paragraphs.push('Handläggaren har informerats.');
  } else if (data.recipient === 'caseworker') {
    paragraphs.push(`Utföraren har ännu inte lämnat ${many ? 'dessa tidrapporter' : 'den här tidrapporten'} trots påminnelse och påstötning:`, list, 'Utföraren har fått en ny påstötning. Kontakta utföraren vid behov.');
  } else {
    paragraphs.push(`${many ? 'Dessa tidrapporter' : 'Den här tidrapporten'} i din enhets ärenden saknas trots påminnelse och två påstötningar:`, list, 'Handläggaren och utföraren är informerade.');
  }
  const links = listed.map((r) => ({ text: `Öppna ärende ${r.reference}`, href: r.link }));
  return renderNotice(SUBJECTS[data.step](n), paragraphs, data.municipalityName, more > 0 ? [...links, { text: 'Logga in och se alla', href: data.portalLink }] : links);
}

interface One {
  reference: string;
  insats: string;
  monthLabel: string;
  link: string;
  municipalityName: string;
}

/** To the case's caseworker: a report has come in (or a corrected version) and waits for reconciliation. */
export function timeReportSubmittedMail(data: One & { version: number; late: boolean }): RenderedMail {
  return renderNotice(
    `Tidrapport att stämma av – ärende ${data.reference}`,
    [
      `${data.version > 1 ? `En rättad tidrapport (version ${data.version})` : 'En tidrapport'} har kommit in i ärende ${data.reference}: ${data.insats.toLowerCase()}, ${data.monthLabel}${data.late ? ' (lämnad efter sista dagen)' : ''}.`,
      'Stäm av den mot beviljad omfattning och godkänn den eller skicka tillbaka den med en kommentar.',
    ],
    data.municipalityName,
    [{ text: 'Öppna ärendet', href: data.link }],
  );
}

/** To the provider: the caseworker returned a report; the comment is read behind login. */
export function timeReportReturnedMail(data: One): RenderedMail {
  return renderNotice(
    `Tidrapport återsänd – ärende ${data.reference}`,
    [
      `Handläggaren har skickat tillbaka tidrapporten i ärende ${data.reference}: ${data.insats.toLowerCase()}, ${data.monthLabel}.`,
      'Logga in för att läsa kommentaren, rätta rapporten och skicka den igen.',
    ],
    data.municipalityName,
    [{ text: 'Öppna ärendet', href: data.link }],
  );
}

/** To the economy assistants and the fee administrators: an approved report is invoice basis now. */
export function timeReportApprovedMail(data: One & { invoiceLink: string }): RenderedMail {
  return renderNotice(
    `Tidrapport godkänd – ärende ${data.reference}`,
    [
      `Tidrapporten i ärende ${data.reference} (${data.insats.toLowerCase()}, ${data.monthLabel}) är godkänd och ingår nu i fakturaunderlaget för ${data.monthLabel}.`,
    ],
    data.municipalityName,
    [
      { text: 'Öppna ärendet', href: data.link },
      { text: `Fakturaunderlaget för ${data.monthLabel}`, href: data.invoiceLink },
    ],
  );
}
