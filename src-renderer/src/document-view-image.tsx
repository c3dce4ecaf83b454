/** A photo or scan in the document view (what the browser draws itself), zoomed and turned like a PDF page. */
import { useEffect, useRef, useState } from 'react';
import { scaleFor, useBoxSize, type Zoom } from './document-view-fit.js';

export function ImageView(props: {
  url: string;
  title: string;
  zoom: Zoom;
  rotation: number;
  onScale: (scale: number) => void;
}) {
  const { zoom, rotation, onScale } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const box = useBoxSize(scroller);
  const [natural, setNatural] = useState<[number, number] | undefined>();
  const turned = rotation % 180 !== 0;
  const [w, h] = natural ? (turned ? [natural[1], natural[0]] : natural) : [1, 1];
  const scale = natural && box.width > 0 ? scaleFor(zoom, w, h, box) : 0;
  useEffect(() => void (scale > 0 && onScale(scale)), [scale, onScale]);
  return (
    <div ref={scroller} className="dv-scroller" tabIndex={0} role="region" aria-label={props.title}>
      <div className="dv-page dv-image" style={natural ? { width: w * scale, height: h * scale } : undefined}>
        <img
          src={props.url}
          alt={props.title}
          onLoad={(e) => setNatural([e.currentTarget.naturalWidth, e.currentTarget.naturalHeight])}
          style={
            natural
              ? {
                  width: natural[0] * scale,
                  height: natural[1] * scale,
                  transform: `translate(-50%, -50%) rotate(${rotation}deg)`,
                }
              : { visibility: 'hidden' }
          }
        />
      </div>
    </div>
  );
}
