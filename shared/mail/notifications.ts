import { formatSwedishDate } from '../dates';
import { escapeHtml, mailLayout, renderLetter, renderNotice, type RenderedMail } from './layout';

/**
 * The notifications routing sends. Every one carries the case reference and a link to read the
 * case after login — never the person's name, personnummer, address or health information
 * (e-mail is not secure; DOMAIN.md "Security facts of the field").
 */
interface Common {
  reference: string;
  /** Link to the case in the staff portal (content behind login). */
  link: string;
  municipalityName: string;
}

function render(subject: string, paragraphs: string[], common: Common, linkText: string): RenderedMail {
  return renderNotice(subject, paragraphs, common.municipalityName, [{ text: linkText, href: common.link }]);
}

/** To the caseworker (or the fallback queue's unit head) who got the case. */
export function newCaseMail(
  data: Common & { queue: boolean; protectedIdentity: boolean; heldAssignments: number; needsProvider: string[]; acuteConfirmHours?: number },
): RenderedMail {
  const paragraphs = [
    data.queue
      ? `Ärende ${data.reference} kunde inte fördelas automatiskt och ligger i er kö. Fördela det till en handläggare.`
      : `Du har fått ett nytt ärende om tillfällig vistelse: ${data.reference}. Kontrollera att underlaget är komplett.`,
  ];
  if (data.acuteConfirmHours !== undefined) {
    paragraphs.push(`Beställningen är akut. Utförarna ska bekräfta inom ${data.acuteConfirmHours} timmar, och insatserna behöver starta så snart som möjligt.`);
  }
  if (data.protectedIdentity) {
    paragraphs.push(
      `Ärendet gäller en person med skyddade personuppgifter. ${data.heldAssignments > 0 ? `${data.heldAssignments === 1 ? 'Uppdraget' : `De ${data.heldAssignments} uppdragen`} till utförare skickas inte förrän du har informerat utförarens enhetschef muntligt och registrerat det i ärendet.` : ''}`.trim(),
    );
  }
  if (data.needsProvider.length > 0) {
    paragraphs.push(
      data.protectedIdentity
        ? 'Ingen utförare kunde väljas automatiskt för en eller flera insatser. Logga in för att se varför.'
        : `Ingen utförare kunde väljas automatiskt:\n${data.needsProvider.map((r) => `– ${r}`).join('\n')}`,
    );
  }
  return render(`Nytt ärende ${data.reference}`, paragraphs, data, 'Öppna ärendet');
}

/** To the unit head of the unit an acute order was routed to, at once: who has it, and the clock. */
export function acuteCaseToUnitHeadMail(data: Common & { handler: string; acuteConfirmHours: number }): RenderedMail {
  return render(
    `Fördelat till ${data.handler} – ärende ${data.reference}`,
    [
      `Ärende ${data.reference} är en akut beställning och har fördelats till ${data.handler}.`,
      `Utförarna ska bekräfta inom ${data.acuteConfirmHours} timmar. Du får besked om någon inte gör det.`,
    ],
    data,
    'Öppna ärendet',
  );
}

/** To a provider: a new assignment to confirm within the configured time. */
export function newAssignmentMail(data: Common & { confirmWithinHours: number; confirmBy: string }): RenderedMail {
  return render(
    `Nytt uppdrag – ärende ${data.reference}`,
    [
      `Ni har fått ett nytt uppdrag vid tillfällig vistelse: ärende ${data.reference}.`,
      `Bekräfta att ni har tagit emot uppdraget och ange startdatum inom ${data.confirmWithinHours} timmar, senast ${data.confirmBy}.`,
      'Beställning, uppdrag och mall för tidredovisning finns i ärendet.',
    ],
    data,
    'Öppna uppdraget',
  );
}

/** To the economy assistants: the order is the basis for invoicing the home municipality. */
export function invoiceBasisMail(data: Common): RenderedMail {
  return render(
    `Underlag för fakturering – ärende ${data.reference}`,
    [
      `En ny beställning vid tillfällig vistelse har kommit in: ärende ${data.reference}.`,
      'Beställningen med bosättningskommunens ersättningsnivåer och fakturareferens är underlag för fakturering. Fakturan ska ange bosättningskommunens referensnummer och får inte innehålla personuppgifter.',
    ],
    data,
    'Öppna underlaget',
  );
}

/** To the system administrator: register the case in the case system. */
export function registerCaseMail(data: Common & { caseSystem: string; protectedIdentity?: boolean }): RenderedMail {
  return render(
    `Registrera ärende ${data.reference}`,
    [
      `Registrera ärende ${data.reference} i ${data.caseSystem} så att utförarens personal kan dokumentera.`,
      ...(data.protectedIdentity
        ? [
            'Ärendet gäller en person med skyddade personuppgifter och visas därför inte för systemadministratören. Registrera det enligt rutinen för skyddade personuppgifter och markera sedan i ärendet att det är registrerat.',
          ]
        : []),
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the orderer: who handles the case on our side. */
export function handledByMail(data: Common & { handler: string; handlerEmail: string }): RenderedMail {
  return render(
    `Handläggare för ärende ${data.reference}`,
    [
      `Ärende ${data.reference} handläggs hos oss av ${data.handler} (${data.handlerEmail}).`,
      'Utföraren bekräftar mottagandet och meddelar startdatum. Ange ärendenumret när ni kontaktar oss.',
      'I ärendet kan ni följa det och skriva säkra meddelanden till handläggaren och utföraren; ni får en engångskod till den här e-postadressen när ni öppnar det.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To a provider and the caseworker, once, when the provider's load reaches the warning share. */
export function capacityWarningMail(
  data: Common & { providerName: string; used: string; cap: string; percent: number },
): RenderedMail {
  return render(
    `Kapacitetstak snart nått – ${data.providerName}`,
    [
      `${data.providerName} har nu ${data.used} av ${data.cap} (${data.percent} %) efter ärende ${data.reference}.`,
      'När taket är nått går nya uppdrag till nästa utförare i ickevalsalternativet.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the orderer (the home municipality): the provider has confirmed, and when the help starts. */
export function assignmentConfirmedToOrdererMail(data: Common & { insats: string; startDate: string }): RenderedMail {
  return render(
    `Uppdraget är bekräftat – ärende ${data.reference}`,
    [
      `Utföraren har bekräftat uppdraget i ärende ${data.reference} (${data.insats.toLowerCase()}).`,
      `Insatsen startar ${formatSwedishDate(data.startDate)}. Utförarens kontaktuppgifter finns i ärendet.`,
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the case's caseworker: a provider confirmed an assignment, with its start date. */
export function assignmentConfirmedToCaseworkerMail(data: Common & { insats: string; startDate: string; providerName: string }): RenderedMail {
  return render(
    `Uppdraget är bekräftat – ärende ${data.reference}`,
    [`${data.providerName} har bekräftat uppdraget (${data.insats.toLowerCase()}) i ärende ${data.reference}. Start ${formatSwedishDate(data.startDate)}.`],
    data,
    'Öppna ärendet',
  );
}

/**
 * To the orderer (the home municipality) and the economy assistants (seed 000: the alarm team tells
 * the home municipality's contact and the economy assistant that the alarm is in place).
 */
export function alarmInstalledMail(data: Common & { installedOn: string; forOrderer: boolean }): RenderedMail {
  return render(
    `Larmet är installerat – ärende ${data.reference}`,
    [
      `Trygghetslarmet i ärende ${data.reference} installerades ${formatSwedishDate(data.installedOn)}.`,
      data.forOrderer ? 'Larmet är i drift från och med den dagen.' : 'Larmet är underlag för fakturering till hemkommunen från och med den dagen.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To a provider: a confirmed insats has not been registered as started by its deadline. */
export function startLateReminderMail(data: Common & { insats: string; deadline: string }): RenderedMail {
  return render(
    `Påminnelse: insatsen har inte startat – ärende ${data.reference}`,
    [
      `${data.insats} i ärende ${data.reference} skulle ha startat senast ${formatSwedishDate(data.deadline)}, och ni har inte registrerat att den har startat.`,
      'Registrera startdagen i uppdraget. Kan insatsen inte starta, kontakta handläggaren.',
    ],
    data,
    'Öppna uppdraget',
  );
}

/** To the case's caseworker, once: an insats started late, or has still not started, past its deadline. */
export function startLateToCaseworkerMail(data: Common & { insats: string; deadline: string; providerName: string; startedOn?: string }): RenderedMail {
  return render(
    `Start försenad – ärende ${data.reference}`,
    [
      data.startedOn
        ? `${data.providerName} registrerade att ${data.insats.toLowerCase()} i ärende ${data.reference} startade ${formatSwedishDate(data.startedOn)}, efter tidsfristen ${formatSwedishDate(data.deadline)}.`
        : `${data.providerName} har inte registrerat att ${data.insats.toLowerCase()} i ärende ${data.reference} har startat. Tidsfristen gick ut ${formatSwedishDate(data.deadline)}; utföraren har fått en påminnelse.`,
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the case's caseworker: a provider declined; where the assignment went, or that it waits for one. */
export function assignmentDeclinedMail(data: Common & { insats: string; declinedBy: string; nextProvider?: string }): RenderedMail {
  return render(
    `Uppdraget avböjdes – ärende ${data.reference}`,
    [
      `${data.declinedBy} har avböjt uppdraget (${data.insats.toLowerCase()}) i ärende ${data.reference}. Skälet finns i ärendet.`,
      data.nextProvider
        ? `Uppdraget har gått vidare till ${data.nextProvider} enligt ickevalsalternativets turordning.`
        : 'Ingen annan utförare kan ta uppdraget just nu. Det väntar på att du väljer utförare.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To a caseworker: a unit head gave them a case. */
export function caseReassignedMail(data: Common & { unitHeadName: string }): RenderedMail {
  return render(
    `Ärende ${data.reference} har fördelats till dig`,
    [`${data.unitHeadName} har fördelat ärende ${data.reference} till dig. Kontrollera att underlaget är komplett.`],
    data,
    'Öppna ärendet',
  );
}

/** To a provider: the assignment is still not confirmed, a day after it was sent. */
export function confirmationReminderMail(data: Common & { sentAt: string }): RenderedMail {
  return render(
    `Påminnelse: bekräfta uppdraget – ärende ${data.reference}`,
    [
      `Uppdraget i ärende ${data.reference} skickades till er ${data.sentAt} och är ännu inte bekräftat.`,
      'Bekräfta att ni har tagit emot uppdraget och ange startdatum, eller avböj det med skäl, så snart som möjligt.',
    ],
    data,
    'Öppna uppdraget',
  );
}

/** To the case's caseworker: a provider has not confirmed, even after the reminder. */
export function confirmationEscalationMail(data: Common & { providerName: string; sentAt: string }): RenderedMail {
  return render(
    `Uppdraget är inte bekräftat – ärende ${data.reference}`,
    [
      `${data.providerName} har inte bekräftat uppdraget i ärende ${data.reference}, som skickades ${data.sentAt}, trots påminnelse.`,
      'Kontakta utföraren, eller välj en annan utförare.',
    ],
    data,
    'Öppna ärendet',
  );
}

/**
 * To everyone of a case's conversation but its writer: there is a new message (never what it
 * says). Several messages within 15 minutes give one notice.
 */
export function newMessageMail(data: Common & { forOrderer: boolean }): RenderedMail {
  return render(
    `Nytt meddelande i ärende ${data.reference}`,
    [
      `Det finns ett nytt meddelande i ärende ${data.reference}.`,
      data.forOrderer
        ? 'Öppna ärendet med länken. Du får en engångskod till den här e-postadressen när du öppnar den.'
        : 'Logga in för att läsa det.',
    ],
    data,
    data.forOrderer ? 'Öppna ärendet' : 'Läs meddelandet',
  );
}

/**
 * To the orderer: the one-time code that opens the case for 30 minutes. The code is in this mail
 * only — never in a link.
 */
export function ordererCodeMail(data: { reference: string; code: string; validMinutes: number; municipalityName: string }): RenderedMail {
  const subject = `Engångskod för ärende ${data.reference}`;
  const paragraphs = [
    `Din engångskod för ärende ${data.reference} är: ${data.code}`,
    `Skriv in koden på sidan där du bad om den. Den gäller i ${data.validMinutes} minuter och kan användas en gång.`,
    'Om du inte har bett om en kod kan du bortse från det här meddelandet.',
  ];
  const footer = `Med vänlig hälsning\n${data.municipalityName}\n\nDetta meddelande går inte att svara på.`;
  const text = [...paragraphs, footer].join('\n\n') + '\n';
  const html = mailLayout(
    subject,
    [
      ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
      `<p>Med vänlig hälsning<br>${escapeHtml(data.municipalityName)}</p>`,
      '<p><small>Detta meddelande går inte att svara på.</small></p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

/** To the orderer: the caseworker asks for a completion; what is missing is behind the link, never in the mail. */
export function completionRequestedMail(data: Common): RenderedMail {
  return render(
    `Komplettering behövs – ärende ${data.reference}`,
    [
      `Handläggaren behöver en komplettering av beställningen i ärende ${data.reference} innan ärendet kan handläggas vidare.`,
      'Logga in för att läsa vad som saknas, och svara i ärendets konversation. Du kan bifoga filer.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the orderer, once: a completion request still unanswered after the profile's working days. */
export function completionReminderMail(data: Common & { requestedAt: string }): RenderedMail {
  return render(
    `Påminnelse: komplettering behövs – ärende ${data.reference}`,
    [
      `Handläggaren bad ${data.requestedAt} om en komplettering av beställningen i ärende ${data.reference}, och vi har inte fått något svar.`,
      'Ärendet väntar på er komplettering. Logga in för att läsa vad som saknas, och svara i ärendets konversation.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the case's caseworker: the orderer answered the completion request; the case runs again. */
export function completionAnsweredMail(data: Common): RenderedMail {
  return render(
    `Kompletteringen har kommit – ärende ${data.reference}`,
    [`Beställaren har svarat på begäran om komplettering i ärende ${data.reference}. Ärendet väntar inte längre på komplettering.`],
    data,
    'Öppna ärendet',
  );
}

/** To those working with the case (and the orderer): the stay has ended, reported or by its end date. */
export function stayEndedMail(data: Common & { endedOn: string; reportedBy: string }): RenderedMail {
  return render(
    `Vistelsen har avslutats – ärende ${data.reference}`,
    [
      `Vistelsen i ärende ${data.reference} avslutades ${formatSwedishDate(data.endedOn)} (${data.reportedBy}).`,
      'Insatserna upphör från och med dagen efter. Tidrapporter lämnas för månaderna till och med avslutet; ärendet avslutas när den sista är godkänd.',
    ],
    data,
    'Öppna ärendet',
  );
}

/** To the system administrator (for a protected identity: the caseworker): close the case in the case system. The reference only. */
export function closingTaskMail(data: Common & { caseSystem: string }): RenderedMail {
  return render(
    `Avsluta ärende ${data.reference} i ${data.caseSystem}`,
    [`Vistelsen i ärende ${data.reference} har avslutats. Avsluta ärendet och insatserna i ${data.caseSystem}.`],
    data,
    'Öppna ärendet',
  );
}

/** To those working with the case (and the orderer, unless they cancelled): the order is cancelled. The reason is behind the link. */
export function orderCancelledMail(data: Common & { cancelledBy: string; late: boolean }): RenderedMail {
  return render(
    `Beställningen är avbruten – ärende ${data.reference}`,
    [
      `Beställningen i ärende ${data.reference} har avbrutits av ${data.cancelledBy}. Insatserna ska inte utföras från och med i dag; månader som inte har börjat tas bort.`,
      ...(data.late ? ['Avbokningen kom senare än den överenskomna tiden före starten och är sen.'] : []),
      'Logga in för att läsa skälet.',
    ],
    data,
    'Öppna ärendet',
  );
}

/**
 * **Ändra beställningen**: to a provider whose assignment the change touches (with `confirm`, a
 * confirmed one: **Bekräfta ändringen**), or to the other side of the change (the caseworker when
 * the orderer changed it, the orderer when we did). What changed is behind the link.
 */
export function orderChangedMail(data: Common & { changedBy: string; confirm: boolean; removed?: boolean }): RenderedMail {
  return render(
    `Beställningen är ändrad – ärende ${data.reference}`,
    [
      `Beställningen i ärende ${data.reference} har ändrats av ${data.changedBy}.`,
      ...(data.removed ? ['En insats som ni utför är borttagen ur beställningen; tid till och med i dag rapporteras som vanligt.'] : []),
      data.confirm ? 'Logga in för att läsa vad som ändrades och bekräfta ändringen.' : 'Logga in för att läsa vad som ändrades.',
    ],
    data,
    data.confirm ? 'Läs och bekräfta ändringen' : 'Öppna ärendet',
  );
}

/** To the provider: the caseworker asks about an extra visit (**Fråga**). The question is behind the link; the answer is due within a week. */
export function extraVisitQuestionMail(data: Common & { answerDueOn: string }): RenderedMail {
  return render(
    `Fråga om extrabesök – ärende ${data.reference}`,
    [`Handläggaren har en fråga om ett extrabesök som ni har registrerat i ärende ${data.reference}.`, `Logga in för att läsa frågan och svara senast ${formatSwedishDate(data.answerDueOn)}.`],
    data,
    'Läs och svara',
  );
}

/** To the caseworker: the provider answered the question about an extra visit; it waits for the review again. */
export function extraVisitAnsweredMail(data: Common): RenderedMail {
  return render(`Svar om extrabesök – ärende ${data.reference}`, [`Utföraren har svarat på din fråga om ett extrabesök i ärende ${data.reference}. Extrabesöket väntar på din granskning.`], data, 'Granska extrabesöket');
}

/** To the caseworker, weekly: extra visits wait for their review longer than a week (the references only). */
export function extraVisitsToReviewMail(data: { municipalityName: string; link: string; references: string[]; count: number; oldestDays: number }): RenderedMail {
  const list = data.references.map((r) => `– ${r}`).join('\n');
  return renderNotice(
    data.count === 1 ? 'Ett extrabesök väntar på granskning' : `${data.count} extrabesök väntar på granskning`,
    [`Extrabesök har väntat på din granskning i mer än en vecka (det äldsta i ${data.oldestDays} dagar). Extrabesöken ska granskas minst en gång i veckan.`, list, 'Logga in och granska dem under Extrabesök att granska.'],
    data.municipalityName,
    [{ text: 'Extrabesök att granska', href: data.link }],
  );
}

/** To the provider: a question about an extra visit is unanswered after a week. */
export function extraVisitQuestionReminderMail(data: Common): RenderedMail {
  return render(
    `Påminnelse: fråga om extrabesök – ärende ${data.reference}`,
    [`Handläggarens fråga om ett extrabesök i ärende ${data.reference} har inte besvarats inom en vecka. Handläggaren har informerats.`, 'Logga in och svara på frågan.'],
    data,
    'Läs och svara',
  );
}

/** To the caseworker: the provider has not answered the question about an extra visit within a week. */
export function extraVisitQuestionUnansweredMail(data: Common): RenderedMail {
  return render(
    `Obesvarad fråga om extrabesök – ärende ${data.reference}`,
    [`Utföraren har inte svarat inom en vecka på din fråga om ett extrabesök i ärende ${data.reference}. Utföraren har fått en påminnelse.`],
    data,
    'Öppna ärendet',
  );
}

const STEP_WORDS = { reminder: 'Påminnelse', chaser: 'Tidrapport saknas', second_chaser: 'Andra påminnelsen: tidrapport saknas', escalation: 'Tidrapport saknas fortfarande' } as const;

/**
 * To the stay municipality's contact of an outgoing stay (we the home municipality): the monthly
 * time reports we wait for, by our reference and month only, and where to send them. No link.
 */
export function outgoingReportChaseMail(data: { municipalityName: string; step: keyof typeof STEP_WORDS; references: string[]; lines: string[]; replyTo: string }): RenderedMail {
  const many = data.lines.length > 1;
  return renderLetter(
    `${STEP_WORDS[data.step]}: ${many ? 'tidrapporter' : 'tidrapport'} för tillfällig vistelse ${data.references.join(', ')}`,
    [
      data.step === 'reminder'
        ? `${many ? 'Tidrapporterna' : 'Tidrapporten'} nedan ska snart lämnas till oss som bosättningskommun:`
        : `Vi har inte fått ${many ? 'tidrapporterna' : 'tidrapporten'} nedan, som skulle ha lämnats till oss som bosättningskommun:`,
      data.lines.map((l) => `– ${l}`).join('\n'),
      `Skicka ${many ? 'dem' : 'den'} till ${data.replyTo} och ange vår referens. Tidrapporten ligger till grund för er faktura.`,
    ],
    data.municipalityName,
  );
}

/** To our caseworker: an outgoing stay's report is still missing (the stay municipality has been chased). */
export function outgoingReportMissingMail(data: Common & { months: string[]; escalated: boolean }): RenderedMail {
  return render(
    `Tidrapport saknas från vistelsekommunen – ${data.reference}`,
    [
      `Vistelsekommunen har inte lämnat tidrapporten för ${data.months.join(', ')} i den utgående vistelsen ${data.reference}, trots påminnelser.${data.escalated ? ' Enhetschefen har informerats.' : ''}`,
      'Kontakta vistelsekommunen och registrera tidrapporten när den kommer.',
    ],
    data,
    'Öppna den utgående vistelsen',
  );
}

/** To the fee administrators: an incoming invoice deviates from the received report at our rate by more than 10 %. */
export function outgoingInvoiceDeviationMail(data: Common & { month: string; words: string }): RenderedMail {
  return render(
    `Fakturan avviker från tidrapporten – ${data.reference}`,
    [`Fakturan från vistelsekommunen för ${data.month} i den utgående vistelsen ${data.reference} stämmer inte med tidrapporten till vårt avtalade pris. ${data.words}.`, 'Stäm av fakturan innan den betalas.'],
    data,
    'Öppna den utgående vistelsen',
  );
}
