// Two aligned packets, compared field by field: flags, length, relative seq and ack, window and
// options. Each field that differs is one difference, named with the rule behind it.
import type { TcpFlag } from '../../tcp';
import { describe, describeOptions, named } from './named';
import { direction } from './packets';
import type { DiffPacket, Named, OptionSummary, PacketDifference } from './types';

type Found = Omit<PacketDifference, 'direction' | 'a' | 'b'>;

/** The two traces' sources ('sim', 'real'), as the texts name them. */
export interface Sources {
  a: string;
  b: string;
}

export function comparePair(a: DiffPacket, b: DiffPacket, sources: Sources): PacketDifference[] {
  const found: Found[] = [];
  const flags = flagDifference(a, b);
  if (flags !== undefined) found.push(flags);
  if (a.len !== b.len) found.push({ type: 'length', group: 'length', ...explainLength(a, b) });
  if (a.kind === 'segment') {
    if (a.seq !== b.seq) found.push({ type: 'seq', group: 'numbers', ...explainSeq(a, b) });
    if (a.ack !== undefined && b.ack !== undefined && a.ack !== b.ack) {
      found.push({ type: 'ack', group: 'numbers', ...explainAck(a, b) });
    }
    const window = windowDifference(a, b);
    if (window !== undefined) found.push(window);
    const options = optionsDifference(a, b, sources);
    if (options !== undefined) found.push(options);
  }
  return found.map((f) => ({ ...f, direction: direction(a), a, b }));
}

const flagOrder: readonly TcpFlag[] = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG'];

function flagText(p: DiffPacket): string {
  return flagOrder.filter((f) => p.flags.includes(f)).join(',') || 'none';
}

function flagDifference(a: DiffPacket, b: DiffPacket): Found | undefined {
  const differing = flagOrder.filter((f) => a.flags.includes(f) !== b.flags.includes(f));
  if (differing.length === 0) return undefined;
  const values = `${flagText(a)} vs ${flagText(b)}`;
  const valuesFr = `${flagText(a)} contre ${flagText(b)}`;
  if (differing.length === 1 && differing[0] === 'PSH') {
    return {
      type: 'flags',
      group: 'flags',
      ...named(
        'psh',
        { en: `PSH differs (${values})`, fr: `PSH diffère (${valuesFr})` },
        {
          en: 'the sender chooses where PSH goes (RFC 9293 3.9.1); Linux sets it on the segment that empties what a write queued, or after half a window unpushed (forced_push).',
          fr: 'l’émetteur choisit où mettre PSH (RFC 9293 3.9.1) ; Linux le met sur le segment qui vide ce qu’une écriture a mis en file, ou après une demi-fenêtre sans PSH (forced_push).',
        },
      ),
    };
  }
  if (differing.length === 1 && differing[0] === 'ACK' && (a.flags.includes('RST') || b.flags.includes('RST'))) {
    return {
      type: 'flags',
      group: 'flags',
      ...named(
        'rst-ack',
        {
          en: `only the ACK flag of a RST differs (${values})`,
          fr: `seul le drapeau ACK d’un RST diffère (${valuesFr})`,
        },
        {
          en: 'a RST answering a segment without ACK carries ACK (RFC 9293 3.10.7.1); one aborting a synchronized connection takes the sequence number of the next byte and may not.',
          fr: 'un RST qui répond à un segment sans ACK porte ACK (RFC 9293 3.10.7.1) ; celui qui interrompt une connexion synchronisée prend le numéro du prochain octet et peut ne pas le porter.',
        },
      ),
    };
  }
  return {
    type: 'flags',
    group: 'flags',
    ...named(
      'flags',
      { en: `different flags (${values})`, fr: `drapeaux différents (${valuesFr})` },
      {
        en: 'the two kernels did not send the same kind of segment here.',
        fr: 'les deux noyaux n’ont pas envoyé la même sorte de segment ici.',
      },
    ),
  };
}

function explainLength(a: DiffPacket, b: DiffPacket): Named {
  const name = { en: `${a.len} bytes vs ${b.len} bytes`, fr: `${a.len} octets contre ${b.len} octets` };
  if (a.kind === 'datagram') {
    return named('datagram-length', name, {
      en: 'UDP keeps each sendto() as one datagram (RFC 768): the programs sent different messages.',
      fr: 'UDP garde chaque sendto() en un datagramme (RFC 768) : les programmes ont envoyé des messages différents.',
    });
  }
  return named('segmentation', name, {
    en: 'the data was cut differently — the MSS (1460 on the simulated 10.0.0.x link, 65483 on loopback), Nagle’s algorithm (RFC 896) holding small writes back, or several send() calls merged into one segment.',
    fr: 'les données ont été découpées autrement — le MSS (1460 sur le lien 10.0.0.x simulé, 65483 sur l’interface de bouclage), l’algorithme de Nagle (RFC 896) qui retient les petites écritures, ou plusieurs send() réunis dans un segment.',
  });
}

function explainSeq(a: DiffPacket, b: DiffPacket): Named {
  return named(
    'seq',
    { en: `relative seq ${a.seq} vs ${b.seq}`, fr: `seq relatif ${a.seq} contre ${b.seq}` },
    {
      en: 'the sender had sent a different number of bytes before this segment (data cut or merged otherwise earlier, or bytes sent in one trace only).',
      fr: 'l’émetteur avait envoyé un nombre d’octets différent avant ce segment (données découpées ou réunies autrement plus tôt, ou octets envoyés dans une seule trace).',
    },
  );
}

function explainAck(a: DiffPacket, b: DiffPacket): Named {
  return named(
    'ack',
    { en: `relative ack ${a.ack ?? '-'} vs ${b.ack ?? '-'}`, fr: `ack relatif ${a.ack ?? '-'} contre ${b.ack ?? '-'}` },
    {
      en: 'it acknowledges a different byte: when it left, the receiver had received (or chose to acknowledge) a different part of the stream — the peer’s data arrived before it in one trace only, or its ACK was held back (delayed ACK, RFC 1122 4.2.3.2).',
      fr: 'il acquitte un autre octet : à son départ, le récepteur avait reçu (ou choisi d’acquitter) une autre partie du flux — les données du pair sont arrivées avant lui dans une seule trace, ou leur ACK a été retenu (ACK retardé, RFC 1122 4.2.3.2).',
    },
  );
}

function windowDifference(a: DiffPacket, b: DiffPacket): Found | undefined {
  const known = a.windowShift !== undefined && b.windowShift !== undefined;
  // A window scaled by 2^s can only say multiples of 2^s bytes (RFC 7323 2.3): closer is the same.
  const granularity = known ? 2 ** Math.max(a.windowShift ?? 0, b.windowShift ?? 0) : 1;
  const wa = known ? a.scaledWindow : a.window;
  const wb = known ? b.scaledWindow : b.window;
  if (Math.abs(wa - wb) < granularity) return undefined;
  const shown = (p: DiffPacket): string =>
    known && (p.windowShift ?? 0) > 0 ? `${p.scaledWindow} (${p.window} << ${p.windowShift})` : `${p.window}`;
  const values = { en: `window ${shown(a)} vs ${shown(b)} bytes`, fr: `fenêtre ${shown(a)} contre ${shown(b)} octets` };
  if (!known) {
    return {
      type: 'window',
      group: 'window',
      ...named('window-raw', values, {
        en: 'the raw window fields differ; the handshake that sets the window scale is not in both traces, so they are compared unscaled.',
        fr: 'les champs de fenêtre bruts diffèrent ; la poignée de main qui fixe le facteur d’échelle n’est pas dans les deux traces, ils sont donc comparés sans échelle.',
      }),
    };
  }
  if (a.flags.includes('SYN')) {
    return {
      type: 'window',
      group: 'window',
      ...named('syn-window', values, {
        en: 'the window offered in a SYN is never scaled (RFC 7323 2.2); Linux sizes it from its receive buffer rounded down to whole segments of the MSS (tcp_select_initial_window), so it follows the MSS: 64240 = 44 × 1460 on a 1500-byte link, 65495 on loopback (65483 in a SYN,ACK that also carries 12 bytes of timestamps).',
        fr: 'la fenêtre offerte dans un SYN n’est jamais mise à l’échelle (RFC 7323 2.2) ; Linux la taille d’après son tampon de réception arrondi à un nombre entier de segments du MSS (tcp_select_initial_window), elle suit donc le MSS : 64240 = 44 × 1460 sur un lien de 1500 octets, 65495 sur l’interface de bouclage (65483 dans un SYN,ACK qui porte aussi 12 octets d’horodatage).',
      }),
    };
  }
  return {
    type: 'window',
    group: 'window',
    ...named('window', values, {
      en: `the receive windows differ by more than the scale can say (${granularity} bytes): Linux grows its receive buffer as data arrives (tcp_rcv_space_adjust, net.ipv4.tcp_rmem) and announces its free space rounded to the scale (RFC 9293 3.8.6); the other receiver started from another buffer or had other bytes unread.`,
      fr: `les fenêtres de réception diffèrent de plus que l’échelle ne peut dire (${granularity} octets) : Linux agrandit son tampon de réception à mesure que les données arrivent (tcp_rcv_space_adjust, net.ipv4.tcp_rmem) et annonce son espace libre arrondi à l’échelle (RFC 9293 3.8.6) ; l’autre récepteur partait d’un autre tampon ou avait d’autres octets non lus.`,
    }),
  };
}

function sameOptions(a: OptionSummary, b: OptionSummary): boolean {
  return (
    a.mss === b.mss &&
    a.sackPermitted === b.sackPermitted &&
    a.timestamps === b.timestamps &&
    a.windowScale === b.windowScale
  );
}

function optionsDifference(a: DiffPacket, b: DiffPacket, sources: Sources): Found | undefined {
  if (sameOptions(a.options, b.options)) return undefined;
  // After the handshake, timestamps are on every segment or none (RFC 7323 3.2): when each trace's
  // segment does what its own handshake decided, the SYNs' difference already says it.
  const onlyTimestamps =
    a.options.mss === b.options.mss &&
    a.options.sackPermitted === b.options.sackPermitted &&
    a.options.windowScale === b.options.windowScale;
  if (
    onlyTimestamps &&
    !a.flags.includes('SYN') &&
    a.timestampsNegotiated === a.options.timestamps &&
    b.timestampsNegotiated === b.options.timestamps
  ) {
    return undefined;
  }
  const { en, fr } = optionsName(a, b, sources);
  if (a.flags.includes('SYN')) {
    return {
      type: 'options',
      group: 'options',
      ...named(
        a.options.mss !== b.options.mss && onlyMssDiffers(a.options, b.options) ? 'mss' : 'syn-options',
        { en, fr },
        {
          en: 'a SYN announces what the connection may use: the MSS is the interface’s MTU minus 40 bytes of IPv4 and TCP headers (RFC 9293 3.7.1; 1460 on a 1500-byte link, 65495 on loopback); Linux also offers SACK (RFC 2018, net.ipv4.tcp_sack), timestamps (RFC 7323, tcp_timestamps) and window scaling (tcp_window_scaling), and a connection uses an option only when both SYNs carry it; once both SYNs carry timestamps, every later segment does.',
          fr: 'un SYN annonce ce que la connexion pourra utiliser : le MSS est la MTU de l’interface moins 40 octets d’en-têtes IPv4 et TCP (RFC 9293 3.7.1 ; 1460 sur un lien de 1500 octets, 65495 sur l’interface de bouclage) ; Linux propose aussi SACK (RFC 2018, net.ipv4.tcp_sack), les horodatages (RFC 7323, tcp_timestamps) et la mise à l’échelle de la fenêtre (tcp_window_scaling), et une connexion n’utilise une option que si les deux SYN la portent ; dès que les deux SYN portent des horodatages, tous les segments suivants en portent.',
        },
      ),
    };
  }
  return {
    type: 'options',
    group: 'options',
    ...named(
      'options',
      { en, fr },
      {
        en: `this segment does not follow what its handshake decided (${describe(a)}): timestamps go on every segment once both SYNs carried them (RFC 7323 3.2), and MSS, SACK-permitted and window scale belong in SYNs only.`,
        fr: `ce segment ne suit pas ce que sa poignée de main a décidé (${describe(a)}) : les horodatages vont sur chaque segment dès que les deux SYN en portaient (RFC 7323 3.2), et MSS, SACK permis et facteur d’échelle n’ont leur place que dans les SYN.`,
      },
    ),
  };
}

function onlyMssDiffers(a: OptionSummary, b: OptionSummary): boolean {
  return sameOptions({ ...a, mss: 0 }, { ...b, mss: 0 });
}

/** "options differ: the real SYN carries SACK-permitted, timestamps, window scale 10; MSS 1460 vs 65495". */
function optionsName(a: DiffPacket, b: DiffPacket, sources: Sources): { en: string; fr: string } {
  const carries = (x: OptionSummary, y: OptionSummary, lang: 'en' | 'fr'): string | undefined => {
    const extra: OptionSummary = {
      sackPermitted: x.sackPermitted && !y.sackPermitted,
      timestamps: x.timestamps && !y.timestamps,
    };
    if (x.windowScale !== undefined && y.windowScale === undefined) extra.windowScale = x.windowScale;
    const text = describeOptions(extra, lang);
    return extra.sackPermitted || extra.timestamps || extra.windowScale !== undefined ? text : undefined;
  };
  const kind = a.flags.includes('SYN') ? (a.flags.includes('ACK') ? 'SYN,ACK' : 'SYN') : 'segment';
  const parts = (lang: 'en' | 'fr'): string[] => {
    const out: string[] = [];
    for (const [x, y, source] of [
      [a, b, sources.a],
      [b, a, sources.b],
    ] as const) {
      const extra = carries(x.options, y.options, lang);
      if (extra !== undefined) {
        out.push(lang === 'en' ? `the ${source} ${kind} carries ${extra}` : `le ${kind} ${source} porte ${extra}`);
      }
    }
    if (a.options.mss !== b.options.mss) {
      const mss = (o: OptionSummary): string => (o.mss === undefined ? '-' : String(o.mss));
      out.push(`MSS ${mss(a.options)} ${lang === 'en' ? 'vs' : 'contre'} ${mss(b.options)}`);
    }
    if (
      a.options.windowScale !== undefined &&
      b.options.windowScale !== undefined &&
      a.options.windowScale !== b.options.windowScale
    ) {
      out.push(
        `${lang === 'en' ? 'window scale' : 'facteur d’échelle'} ${a.options.windowScale} ${lang === 'en' ? 'vs' : 'contre'} ${b.options.windowScale}`,
      );
    }
    return out;
  };
  return { en: `options differ: ${parts('en').join('; ')}`, fr: `les options diffèrent : ${parts('fr').join(' ; ')}` };
}
